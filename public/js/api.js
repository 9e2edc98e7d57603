// The API client. Errors become ApiError {status, code, message, field}; a 401 tells the app the session is gone.
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.handled = false;
  }
}

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

/** `fn(at, path)`: an answer kept from `at` (ms) is shown instead of one that could not be fetched. */
let onStale = () => {};
export function setStaleHandler(fn) { onStale = fn; }

// The last-seen store, loaded when first needed (js/seen.js).
const seen = () => import('./seen.js');

function fail(status, data, quiet, retryAfter) {
  const e = (data && data.error) || { code: status ? 'http_' + status : 'network', message: '' };
  const err = new ApiError(status, e.code, e.message, e.field);
  // How long to wait (429): the messages say it in minutes.
  err.retryAfter = Number(retryAfter) || null;
  // The whole answer, for errors that carry more than the error (a diary's 409 has the text stored now).
  err.body = data;
  if (!quiet && (status === 401 || (status === 403 && e.code === 'account_suspended'))) {
    err.handled = true;
    onUnauthenticated(err);
  }
  return err;
}

/** api('POST', '/api/x', {..}, {quiet, keep}) -> parsed JSON (or null for 204). `quiet`: a 401 is the caller's
 * business. `keep` (GET): the answer is kept on this device, and when the network fails the last one kept is
 * returned instead (and told to the stale handler). */
export async function api(method, path, body, { quiet = false, keep = false } = {}) {
  const opts = { method, headers: { accept: 'application/json' }, credentials: 'same-origin' };
  // A DELETE carries a body when it has one (turning two-factor off takes a code; deleting the account, a password).
  if (method === 'POST' || method === 'PUT' || method === 'PATCH' || (method === 'DELETE' && body !== undefined)) {
    opts.headers['content-type'] = 'application/json';
    opts.body = JSON.stringify(body ?? {});
  }
  let res;
  try {
    res = await fetch(path, opts);
  } catch {
    const kept = keep ? await seen().then((m) => m.recall(path), () => null) : null;
    if (kept) { onStale(kept.at, path); return kept.data; }
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw fail(res.status, data, quiet, res.headers.get('retry-after'));
  if (keep) seen().then((m) => m.keep(path, data)).catch(() => {});
  return data;
}

/** Upload a file as the raw body with progress: XMLHttpRequest, because fetch has no upload progress. */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(data); } else reject(fail(xhr.status, data, false));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    xhr.send(file);
  });
}

let vocabCache = null;
export async function vocabularies() {
  if (!vocabCache) vocabCache = api('GET', '/api/vocabularies', null, { keep: true }).catch((e) => { vocabCache = null; throw e; });
  return vocabCache;
}
