import { readFileSync } from 'node:fs';
import type { Matrix } from '../../src/core/matrix';
import { decodeModelFile } from '../../src/models/modelFile';
import { rawScores } from '../../src/training/pipeline';

/** `node scoreModelFile.ts MODEL PROBE_JSON`: loads a model file and prints its raw scores as JSON. */
const [modelPath, probePath] = process.argv.slice(2);
const model = decodeModelFile(readFileSync(modelPath), null);
const probe = JSON.parse(readFileSync(probePath, 'utf8')) as { rows: number; cols: number; data: number[] };
const x: Matrix = { data: Float64Array.from(probe.data), rows: probe.rows, cols: probe.cols };
process.stdout.write(JSON.stringify(Array.from(rawScores(model, x))));
