/**
 * What Docker Compose would hand a container of docker-compose.yml: the service's `environment:`
 * entries with `${…}` filled in from a .env file. Only the forms our files use are understood, and
 * anything else is refused, so a test built on this fails rather than reading a file differently
 * from Compose (Compose: "Interpolation" and ".env file syntax" in its documentation).
 *
 * .env: `NAME=value` (taken as written), `NAME='value'` (literal, no escapes), `NAME="value"`
 * without `\`, `$` or `"` inside (literal too), comments and blank lines. Compose: `NAME: value`
 * lines under `environment:`, with `${NAME}`, `${NAME:-default}` and `${NAME:?message}`.
 */
export function readDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`.env line ${index + 1} is not NAME=value`);
    const [, name, raw] = match as unknown as [string, string, string];
    if (raw.startsWith("'")) {
      if (!/^'[^']*'$/.test(raw)) throw new Error(`.env line ${index + 1}: unbalanced single quotes`);
      vars[name] = raw.slice(1, -1);
    } else if (raw.startsWith('"')) {
      // Compose escapes and interpolates inside double quotes: only values it reads literally.
      if (!/^"[^"\\$]*"$/.test(raw))
        throw new Error(`.env line ${index + 1}: double-quoted value with \\, $ or an unbalanced "`);
      vars[name] = raw.slice(1, -1);
    } else if (/^[A-Za-z0-9_.:/+=-]*$/.test(raw)) {
      vars[name] = raw;
    } else {
      throw new Error(`.env line ${index + 1}: unquoted value with characters Compose may read differently`);
    }
  }
  return vars;
}

function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g,
    (_m, name: string, op?: string, arg?: string) => {
      const set = vars[name];
      if (set !== undefined && set !== '') return set;
      if (op === ':?') throw new Error(`compose would stop: ${name}: ${arg}`);
      return op === ':-' ? (arg ?? '') : '';
    },
  );
}

/** The environment Compose gives `service`, from the compose file's text and the .env variables. */
export function serviceEnvironment(
  composeText: string,
  service: string,
  vars: Record<string, string>,
): Record<string, string> {
  const lines = composeText.split('\n');
  const start = lines.indexOf(`  ${service}:`);
  if (start < 0) throw new Error(`no service ${service} in the compose file`);
  const env: Record<string, string> = {};
  let inEnvironment = false;
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}\S/.test(line) || /^\S/.test(line)) break; // next service or top-level key
    if (/^ {4}\S/.test(line)) {
      inEnvironment = line.trim() === 'environment:';
      continue;
    }
    if (!inEnvironment || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^ {6}([A-Z_][A-Z0-9_]*): (.*)$/.exec(line);
    if (!match) throw new Error(`unreadable environment line of ${service}: ${line.trim().split(':')[0]}`);
    const raw = match[2]!.replace(/\s+#.*$/, '');
    const unquoted = /^"(.*)"$/.exec(raw)?.[1] ?? raw;
    env[match[1]!] = interpolate(unquoted, vars);
  }
  if (Object.keys(env).length === 0) throw new Error(`service ${service} has no environment`);
  return env;
}
