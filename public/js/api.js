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

function fail(status, data, quiet) {
  const e = (data && data.error) || { code: status ? 'http_' + status : 'network', message: '' };
  const err = new ApiError(status, e.code, e.message, e.field);
  if (!quiet && (status === 401 || (status === 403 && e.code === 'account_suspended'))) {
    err.handled = true;
    onUnauthenticated(err);
  }
  return err;
}

/** api('POST', '/api/x', {..}, {quiet}) -> parsed JSON (or null for 204). `quiet`: a 401 is the caller's business. */
export async function api(method, path, body, { quiet = false } = {}) {
  const opts = { method, headers: { accept: 'application/json' }, credentials: 'same-origin' };
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    opts.headers['content-type'] = 'application/json';
    opts.body = JSON.stringify(body ?? {});
  }
  let res;
  try {
    res = await fetch(path, opts);
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw fail(res.status, data, quiet);
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
  if (!vocabCache) vocabCache = api('GET', '/api/vocabularies').catch((e) => { vocabCache = null; throw e; });
  return vocabCache;
}
