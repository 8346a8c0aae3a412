/*
 * An ONNX graph under construction and its encoding as a ModelProto (onnx.proto field numbers).
 */
import { ProtoWriter } from './protobuf.js';

export type AttributeValue = { f: number } | { i: number } | { s: string } | { ints: number[] };

interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}

/** TensorProto.DataType and AttributeProto.AttributeType values used here. */
const FLOAT = 1;
const INT64 = 7;
const ATTR = { f: 1, i: 2, s: 3, ints: 7 } as const;

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: { name: string; dims: number[]; data: Float32Array | BigInt64Array }[] =
    [];
  private count = 0;

  constructor(readonly opset: number) {}

  fresh(prefix: string): string {
    return `${prefix}_${this.count++}`;
  }

  /** Adds a node with one output and returns the output's name. */
  node(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    const out = this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  /** A float32 constant (an initializer) of the given dims. */
  constant(values: ArrayLike<number>, dims: number[], prefix = 'const'): string {
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims, data: Float32Array.from(values) });
    return name;
  }

  /** A scalar float32 constant. */
  scalar(value: number): string {
    return this.constant([value], [], 'scalar');
  }

  /** An int64 constant (shapes, split sizes). */
  int64(values: number[], prefix = 'ints'): string {
    const name = this.fresh(prefix);
    this.initializers.push({
      name,
      dims: [values.length],
      data: BigInt64Array.from(values.map(BigInt)),
    });
    return name;
  }
}

function encodeTensor(w: ProtoWriter, t: OnnxGraph['initializers'][number]): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.data instanceof BigInt64Array ? INT64 : FLOAT);
  w.string(8, t.name);
  // raw_data is little-endian, as typed arrays are on every platform JavaScript runs on.
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function encodeAttribute(w: ProtoWriter, name: string, v: AttributeValue): void {
  w.string(1, name);
  if ('f' in v) w.float(2, v.f).int(20, ATTR.f);
  else if ('i' in v) w.int(3, v.i).int(20, ATTR.i);
  else if ('s' in v) w.string(4, v.s).int(20, ATTR.s);
  else {
    for (const i of v.ints) w.int(8, i);
    w.int(20, ATTR.ints);
  }
}

/** A ValueInfoProto for a float32 tensor; string dims are symbolic (the batch axis). */
function encodeValueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of dims)
          shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}

/** IR version that goes with an opset (onnx/helper.py's VERSION_TABLE). */
function irVersion(opset: number): number {
  return opset >= 21 ? 10 : opset >= 19 ? 9 : 8;
}

/** The ModelProto bytes of a graph with one input and one output. */
export function encodeModel(
  g: OnnxGraph,
  options: {
    name: string;
    input: { name: string; dims: (number | string)[] };
    output: { name: string; dims: (number | string)[] };
    producerVersion: string;
  },
): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, irVersion(g.opset));
  w.string(2, 'gradflow');
  w.string(3, options.producerVersion);
  w.message(7, (graph) => {
    for (const n of g.nodes) {
      graph.message(1, (node) => {
        for (const i of n.inputs) node.string(1, i);
        for (const o of n.outputs) node.string(2, o);
        node.string(3, n.outputs[0]!);
        node.string(4, n.op);
        for (const [k, v] of Object.entries(n.attributes))
          node.message(5, (a) => encodeAttribute(a, k, v));
      });
    }
    graph.string(2, options.name);
    for (const t of g.initializers) graph.message(5, (tensor) => encodeTensor(tensor, t));
    graph.message(11, (v) => encodeValueInfo(v, options.input.name, options.input.dims));
    graph.message(12, (v) => encodeValueInfo(v, options.output.name, options.output.dims));
  });
  w.message(8, (opset) => opset.string(1, '').int(2, g.opset));
  return w.finish();
}
