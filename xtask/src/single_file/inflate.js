// nomen.html: reading the parts carried inside the page (gzip, then base64).
// Included in the page's start-up script and in the worker's.
function nomenDecodeBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  var binary = atob(text);
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Inflates gzip bytes with the browser's DecompressionStream; onProgress(done, total) after each chunk.
async function nomenInflate(gzip, onProgress) {
  if (typeof DecompressionStream === 'undefined') throw new Error('this browser has no DecompressionStream; nomen needs a current Chrome, Edge, Firefox or Safari');
  // gzip's last four bytes (ISIZE) hold the inflated length, little-endian.
  var total = new DataView(gzip.buffer, gzip.byteOffset, gzip.byteLength).getUint32(gzip.byteLength - 4, true);
  var out = new Uint8Array(total);
  var done = 0;
  var reader = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  for (;;) {
    var chunk = await reader.read();
    if (chunk.done) break;
    if (done + chunk.value.length > total) throw new Error('the inflated data is longer than its gzip trailer says');
    out.set(chunk.value, done);
    done += chunk.value.length;
    if (onProgress) onProgress(done, total);
  }
  if (done !== total) throw new Error('the inflated data is ' + done + ' bytes, not ' + total);
  return out;
}
