/*
 * IOHandlers for URL strings, as TF.js's: file:// (Node: model.json and .bin weight shards),
 * downloads:// (browsers: a model.json and a .weights.bin download), http(s):// (load by fetch).
 */
import { describe, fail } from '../util.js';
import type {
  IOHandler,
  ModelArtifacts,
  ModelJSON,
  SaveResult,
  WeightsManifestEntry,
} from './types.js';
import { concatBuffers } from './weights.js';

/** The few `node:fs/promises` functions the file handler uses (imported only when it runs). */
interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}

/** A fetch function (the global one unless given, e.g. to add headers). */
export type FetchLike = (url: string) => Promise<{
  ok: boolean;
  status: number;
  statusText?: string;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** TF.js's shard size: weight files of at most 4 MB. */
const SHARD_BYTES = 4 * 1024 * 1024;

const SCHEMES = ['file://', 'downloads://', 'http://', 'https://'];

async function nodeFs(op: string): Promise<NodeFs> {
  const specifier = 'node:fs/promises'; // a variable, so that browser bundlers leave it alone
  try {
    return (await import(/* @vite-ignore */ specifier)) as NodeFs;
  } catch {
    fail(
      op,
      'file:// URLs need Node.js (its fs module); in a browser use downloads:// or an IOHandler',
    );
  }
}

function info(artifacts: ModelArtifacts, bytes: number): SaveResult {
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
      weightDataBytes: bytes,
    },
  };
}

/** Splits the weights into shards of at most 4 MB and the model.json that lists them. */
function toFiles(
  artifacts: ModelArtifacts,
  prefix: string,
): { json: ModelJSON; shards: Uint8Array[] } {
  const data = new Uint8Array(concatBuffers(artifacts.weightData ?? new ArrayBuffer(0)));
  const count = Math.max(1, Math.ceil(data.byteLength / SHARD_BYTES));
  const shards = Array.from({ length: count }, (_, i) =>
    data.slice(i * SHARD_BYTES, (i + 1) * SHARD_BYTES),
  );
  const paths = shards.map((_, i) => `${prefix}${i + 1}of${count}.bin`);
  const json: ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'gradflow',
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths, weights: (artifacts.weightSpecs ?? []) as WeightsManifestEntry[] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata
      ? { userDefinedMetadata: artifacts.userDefinedMetadata }
      : {}),
  };
  return { json, shards };
}

/** model.json and its shards into artifacts, reading each shard with `read` (a path relative to model.json). */
async function fromFiles(
  op: string,
  json: unknown,
  read: (path: string) => Promise<ArrayBuffer>,
): Promise<ModelArtifacts> {
  const j = json as ModelJSON;
  if (j === null || typeof j !== 'object' || j.modelTopology === undefined)
    fail(
      op,
      `model.json must have a modelTopology (the TF.js layers format), got ${describe(json)}`,
    );
  const manifest = j.weightsManifest ?? [];
  if (!Array.isArray(manifest))
    fail(
      op,
      `model.json's weightsManifest must be an array of { paths, weights }, got ${describe(manifest)}`,
    );
  const buffers: ArrayBuffer[] = [];
  const specs: WeightsManifestEntry[] = [];
  for (const group of manifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights))
      fail(op, `each weightsManifest group must be { paths, weights }, got ${describe(group)}`);
    for (const p of group.paths) buffers.push(await read(p));
    specs.push(...group.weights);
  }
  return {
    modelTopology: j.modelTopology,
    weightSpecs: specs,
    weightData: concatBuffers(buffers),
    ...(j.format !== undefined ? { format: j.format } : {}),
    ...(j.generatedBy !== undefined ? { generatedBy: j.generatedBy } : {}),
    ...(j.convertedBy !== undefined ? { convertedBy: j.convertedBy } : {}),
    ...(j.trainingConfig !== undefined ? { trainingConfig: j.trainingConfig } : {}),
    ...(j.userDefinedMetadata !== undefined ? { userDefinedMetadata: j.userDefinedMetadata } : {}),
  };
}

const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function fileHandler(op: string, path: string): IOHandler {
  const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
  return {
    // Shards first, model.json last: a failed save leaves no model.json that points at missing files.
    async save(artifacts) {
      const fs = await nodeFs(op);
      const dir = path.endsWith('.json') ? dirOf(path) : path;
      const jsonPath = path.endsWith('.json') ? path : `${path}/model.json`;
      await fs.mkdir(dir, { recursive: true });
      const { json, shards } = toFiles(artifacts, 'group1-shard');
      for (let i = 0; i < shards.length; i++)
        await fs.writeFile(`${dir}/${json.weightsManifest[0]!.paths[i]}`, shards[i]!);
      await fs.writeFile(jsonPath, JSON.stringify(json));
      return info(
        artifacts,
        shards.reduce((n, s) => n + s.byteLength, 0),
      );
    },
    async load() {
      const fs = await nodeFs(op);
      const read = async (p: string): Promise<Uint8Array> => {
        try {
          return await fs.readFile(p);
        } catch (e) {
          fail(op, `cannot read ${p}: ${(e as Error).message}`);
        }
      };
      let jsonPath = path;
      if (!path.endsWith('.json')) {
        const isDir = await fs.stat(path).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (isDir) jsonPath = `${path}/model.json`;
      }
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(await read(jsonPath)));
      } catch (e) {
        if ((e as Error).name === 'GradflowError') throw e;
        fail(op, `${jsonPath} is not valid JSON: ${(e as Error).message}`);
      }
      const dir = dirOf(jsonPath);
      return fromFiles(op, json, async (p) => toArrayBuffer(await read(`${dir}/${p}`)));
    },
  };
}

function httpHandler(op: string, url: string, fetchFn: FetchLike | undefined): IOHandler {
  const get = fetchFn ?? (globalThis.fetch as unknown as FetchLike | undefined);
  return {
    async load() {
      if (typeof get !== 'function') fail(op, `no fetch function to load ${url} with`);
      const request = async (u: string) => {
        let r: Awaited<ReturnType<FetchLike>>;
        try {
          r = await get(u);
        } catch (e) {
          fail(op, `request for ${u} failed: ${(e as Error).message}`);
        }
        if (!r.ok)
          fail(
            op,
            `request for ${u} failed with HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`,
          );
        return r;
      };
      let json: unknown;
      try {
        json = await (await request(url)).json();
      } catch (e) {
        if ((e as Error).name === 'GradflowError') throw e;
        fail(op, `${url} is not valid JSON: ${(e as Error).message}`);
      }
      return fromFiles(op, json, async (p) => (await request(new URL(p, url).href)).arrayBuffer());
    },
  };
}

function downloadsHandler(op: string, name: string): IOHandler {
  return {
    async save(artifacts) {
      const doc = (globalThis as { document?: Document }).document;
      if (doc === undefined || typeof URL.createObjectURL !== 'function')
        fail(
          op,
          'downloads:// needs a browser (document and URL.createObjectURL); in Node use file://',
        );
      const base = name || 'model';
      const { json, shards } = toFiles(artifacts, `${base}.weights.`);
      const bin = `${base}.weights.bin`;
      // One weight file, as TF.js's browser downloads: model.json points at it.
      json.weightsManifest[0]!.paths = [bin];
      const click = (file: string, blob: Blob) => {
        const a = doc.createElement('a');
        a.download = file;
        a.href = URL.createObjectURL(blob);
        a.click();
      };
      click(`${base}.json`, new Blob([JSON.stringify(json)], { type: 'application/json' }));
      click(bin, new Blob(shards as BlobPart[], { type: 'application/octet-stream' }));
      return info(
        artifacts,
        shards.reduce((n, s) => n + s.byteLength, 0),
      );
    },
  };
}

/** The IOHandler for a URL string, for saving or loading. */
export function handlerForUrl(
  op: string,
  url: string,
  purpose: 'save' | 'load',
  options: { fetch?: FetchLike } = {},
): IOHandler {
  const scheme = SCHEMES.find((s) => url.startsWith(s));
  if (scheme === undefined)
    fail(
      op,
      `unsupported URL ${JSON.stringify(url)}; valid schemes: ${SCHEMES.join(', ')} (or pass an IOHandler such as tf.io.withSaveHandler(...) / tf.io.fromMemory(...))`,
    );
  const rest = url.slice(scheme.length);
  let handler: IOHandler;
  if (scheme === 'file://') handler = fileHandler(op, rest);
  else if (scheme === 'downloads://') handler = downloadsHandler(op, rest);
  else handler = httpHandler(op, url, options.fetch);
  if (typeof handler[purpose] !== 'function')
    fail(
      op,
      `${scheme} URLs cannot be used to ${purpose} a model; ${purpose === 'save' ? 'use file://, downloads:// or an IOHandler' : 'use file://, http(s):// or an IOHandler'}`,
    );
  return handler;
}
