// One implementation for backend and browser tests (the backend's tsconfig cannot reach up here).
export { describeIf } from '../../backend/test/helpers/skipped';
