// Writes a plain JS value (objects, arrays, strings, numbers, booleans) as block YAML, with every
// string JSON-quoted so no value is ever reinterpreted (bcrypt hashes, durations, URLs).

function scalar(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  throw new Error(`yaml: unsupported value ${v}`);
}

function isEmpty(v) {
  return (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function lines(value, indent) {
  const pad = ' '.repeat(indent);
  const out = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        const inner = lines(item, indent + 2);
        out.push(`${pad}- ${inner[0].trimStart()}`, ...inner.slice(1));
      } else {
        out.push(`${pad}- ${isEmpty(item) ? JSON.stringify(item) : scalar(item)}`);
      }
    }
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null && !isEmpty(v)) {
      out.push(`${pad}${key}:`, ...lines(v, indent + 2));
    } else {
      out.push(`${pad}${key}: ${isEmpty(v) ? JSON.stringify(v) : scalar(v)}`);
    }
  }
  return out;
}

export function toYaml(value) {
  return `${lines(value, 0).join('\n')}\n`;
}
