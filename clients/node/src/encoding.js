// Per-event-type encoders compiled once from the field lists of schema.js: check and write JSON in one pass.
// encoderOf(kind)(event, source, sourceJson) returns the event's JSON text when it satisfies its contract and
// null when it does not; the caller then asks validate() (the reference validator, which names every problem)
// for the reason. The encoder is generated from the same field lists the parity test compares with the .avsc
// files, applies the same type checks as validate() and then the same rule functions (RULES), so both accept
// exactly the same events (test/encoding.test.js checks this over valid and invalid events of every kind).
// It is faster because each field's check and JSON fragment are straight-line code, and because the
// publisher's own source is written from JSON encoded once (sourceJson) when the event carries that very object.
// Fields outside the contract are not written (the aggregator ignores unknown fields); optional fields that are
// absent are written as null, which the aggregator reads as the schema default, the same thing.
import * as schema from './schema.js';
import { isBlank, RULES, typeProblem } from './validation.js';

const INT32 = [-(2 ** 31), 2 ** 31 - 1];

function fieldCode(i, f, env) {
  const v = `v${i}`;
  const j = `j${i}`;
  const missing = f.required ? 'return null;' : `${j} = 'null';`;
  let check;
  switch (f.type) {
    case 'string': check = `if (typeof ${v} !== 'string') return null; ${j} = JSON.stringify(${v});`; break;
    case 'long': check = `if (!Number.isSafeInteger(${v})) return null; ${j} = '' + ${v};`; break;
    case 'int': check = `if (!Number.isInteger(${v}) || ${v} < ${INT32[0]} || ${v} > ${INT32[1]}) return null; ${j} = '' + ${v};`; break;
    case 'double': check = `if (typeof ${v} !== 'number' || !Number.isFinite(${v})) return null; ${j} = '' + ${v};`; break;
    case 'enum':
      env[`symbols${i}`] = new Map(f.symbols.map((s) => [s, JSON.stringify(s)]));
      check = `${j} = env.symbols${i}.get(${v}); if (${j} === undefined) return null;`;
      break;
    case 'Source':
    case 'map<string>':
    case 'map<double>':
      // Objects: the reference check, then JSON.stringify; the publisher's own source is pre-encoded.
      env[`field${i}`] = f;
      check = `${f.type === 'Source' ? `if (${v} === source) ${j} = sourceJson; else ` : ''}`
        + `{ if (env.typeProblem(env.field${i}, ${v}) !== null) return null; ${j} = JSON.stringify(${v}); }`;
      break;
    default: throw new Error(`unhandled field type ${f.type}`);
  }
  return `const ${v} = e[${JSON.stringify(f.name)}]; let ${j};\n`
    + `if (${v} == null) { ${missing} } else { ${check} }\n`;
}

/** Generates `kind`'s encoder from its field list (see the file's comment). */
export function compileEncoder(kind) {
  const env = { typeProblem, isBlank, rules: RULES[kind.record] };
  const names = kind.fields.map((f) => f.name);
  let body = kind.fields.map((f, i) => fieldCode(i, f, env)).join('');
  // The common rules of validate(), then the kind's own; the rule functions report into a list.
  body += `if (v${names.indexOf('event_time')} <= 0 || env.isBlank(v${names.indexOf('event_id')})) return null;\n`;
  body += 'const problems = []; env.rules(e, problems); if (problems.length !== 0) return null;\n';
  const parts = names.map((n, i) => `${JSON.stringify(n)}:\${j${i}}`).join(',');
  body += `return \`{${parts}}\`;\n`;
  // eslint-disable-next-line no-new-func -- our own code, generated once per event type from schema.js
  return new Function('env', `return function encode${kind.record}(e, source, sourceJson) {\n${body}};`)(env);
}

/** Record name -> its compiled encoder. */
export const ENCODERS = Object.freeze(Object.fromEntries(schema.KINDS.map((k) => [k.record, compileEncoder(k)])));
