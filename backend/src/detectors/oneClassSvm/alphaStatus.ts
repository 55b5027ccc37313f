/** libsvm's alpha_status of a dual variable α_i ∈ [0, C], as stored in a Uint8Array. */
export const LOWER = 0;
export const UPPER = 1;
export const FREE = 2;
