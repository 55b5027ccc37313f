// One implementation for every jest project: the backend's tsconfig cannot reach outside backend/.
export { describeIf } from '../../backend/test/helpers/skipped';
