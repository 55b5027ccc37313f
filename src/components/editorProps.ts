import type { QueryErrors } from '../query/validation';
import type { AnomalyQuery, FilledQuery } from '../types';

export const LABEL_WIDTH = 18;

/** What each section of the query editor gets: the filled-in query, its problems, and a way to change it. */
export interface SectionProps {
  query: FilledQuery;
  errors: QueryErrors;
  /** Applies a change; `run` re-runs the query when the result is valid (selections, blur). */
  onChange: (patch: Partial<AnomalyQuery>, run?: boolean) => void;
}
