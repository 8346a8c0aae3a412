// Packs @gradflow/autodiff and @gradflow/layers with `pnpm pack` (which builds them first, via
// prepack, and turns `workspace:*` into real versions), installs both tarballs with plain npm in
// an empty folder, and checks that they work from Node ESM and type-check from TypeScript.
// Run: pnpm --filter @gradflow/layers pack:check
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const tsc = resolve(here, '../node_modules/.bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'gradflow-pack-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });

try {
  const packs = join(work, 'packs');
  for (const name of ['autodiff', 'layers'])
    run('pnpm', ['pack', '--pack-destination', packs], join(packages, name));
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }');
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs], app);
  writeFileSync(
    join(app, 'main.js'),
    `import { tensor } from '@gradflow/autodiff';
import { Dense, Sequential, loadModel, toOnnx } from '@gradflow/layers';
const m = new Sequential([new Dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' })]);
let saved;
await m.save({ save: async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }) });
const back = await loadModel({ load: async () => saved });
const y = back.predict(tensor([[1, 2, 3]])).toArray();
if (JSON.stringify(y) !== '[[6,6]]' || toOnnx(m).byteLength === 0) throw new Error('unexpected ' + JSON.stringify(y));
console.log('node ESM: ok', JSON.stringify(y));
`,
  );
  process.stdout.write(run('node', ['main.js'], app));
  writeFileSync(
    join(app, 'check.ts'),
    `import { tensor, type Tensor } from '@gradflow/autodiff';
import { Dense, Sequential, type ModelArtifacts, loadModel } from '@gradflow/layers';
const m: Sequential = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
export const y: Tensor = m.predict(tensor([[1, 2, 3]]));
export const load = (a: ModelArtifacts): Promise<Sequential> => loadModel({ load: async () => a });
// @ts-expect-error units must be a number
new Dense({ units: 'two' });
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2023', 'dom'],
        types: [],
        noEmit: true,
      },
      files: ['check.ts'],
    }),
  );
  run(tsc, ['-p', '.'], app);
  console.log('TypeScript (nodenext): ok');
} finally {
  rmSync(work, { recursive: true, force: true });
}
