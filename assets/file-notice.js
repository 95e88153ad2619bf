// The folder build opened from disk (a file:// address) cannot start: the
// browser will not load its module script, its WebAssembly or its model into
// such a page, which would stay blank. This says so, and what to open
// instead. A classic script, which a file:// page may load; on a served page
// it does nothing.
(function () {
  'use strict';
  if (location.protocol !== 'file:') return;
  function element(tag, parts) {
    var node = document.createElement(tag);
    parts.forEach(function (part) {
      if (typeof part === 'string') node.appendChild(document.createTextNode(part));
      else node.appendChild(part);
    });
    return node;
  }
  function code(text) { return element('code', [text]); }
  var notice = element('section', [
    element('h1', ['nomen cannot start from this folder opened as a file']),
    element('p', ['This is the folder build of nomen, opened from disk (', code(location.href), '). ',
      'A browser does not let a page opened from disk load the parts it is made of (its WebAssembly and its model), so nothing else would appear here.']),
    element('p', [element('strong', ['Open nomen.html instead']),
      ': the whole of nomen in one file, which works by double-click, offline. Ask whoever sent you this folder for it, or make it with ',
      code('cargo xtask build --release --single-file nomen.html'), '.']),
    element('p', ['Or serve this folder: run ', code('cargo xtask serve'), ' in the nomen repository, or ',
      code('python3 -m http.server'), ' in this folder and open ', code('http://localhost:8000/'), '.']),
  ]);
  notice.className = 'file-notice';
  notice.setAttribute('role', 'alert');
  document.body.appendChild(notice);
})();
