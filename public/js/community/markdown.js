// The small Markdown subset of the discussion rooms (#13), drawn as DOM nodes, never as HTML: paragraphs and line
// breaks, **bold**, *italic*, `code`, fenced code, lists (- or 1.), > quotes, [links](https://…) and mentions
// @[Name](mention:id). A link to anything but http(s) or mail is shown as its text. The server refuses raw HTML and
// such links when a post is written (src/domain/forum.rs); this draws safely whatever it is given.
import { h } from '../dom.js';

const SAFE = /^(https?:\/\/|mailto:)[^\s<>"]+$/i;
const ID = /^[0-9a-f]{28}$/;

/** Quotes inside quotes are drawn this deep at most (deeper ones as their text). */
const MAX_DEPTH = 5;

/** A post's text as nodes (a fragment). `mentioned(id, name)`: the node for a mention (default: "@Name"). */
export function render(text, { mentioned, depth = 0 } = {}) {
  const frag = document.createDocumentFragment();
  const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    if (/^```/.test(line)) {
      const body = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i++;
      frag.append(h('pre', null, h('code', null, body.join('\n'))));
      continue;
    }
    if (/^>\s?/.test(line) && depth < MAX_DEPTH) {
      const body = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) body.push(lines[i++].replace(/^>\s?/, ''));
      frag.append(h('blockquote', null, render(body.join('\n'), { mentioned, depth: depth + 1 })));
      continue;
    }
    const bullet = /^\s*[-*]\s+/;
    const number = /^\s*\d{1,3}[.)]\s+/;
    if (bullet.test(line) || number.test(line)) {
      const ordered = number.test(line);
      const re = ordered ? number : bullet;
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && re.test(lines[i])) list.append(h('li', null, inline(lines[i++].replace(re, ''), mentioned)));
      frag.append(list);
      continue;
    }
    const para = [];
    // (A paragraph takes at least its first line, so that a quote too deep to draw as one is drawn as text.)
    do para.push(lines[i++]);
    while (i < lines.length && lines[i].trim() && !/^(```|>\s?)/.test(lines[i]) && !bullet.test(lines[i]) && !number.test(lines[i]));
    const p = h('p');
    para.forEach((l, n) => { if (n) p.append(h('br')); p.append(inline(l, mentioned)); });
    frag.append(p);
  }
  return frag;
}

/** One line's inline marks, as nodes. */
export function inline(text, mentioned) {
  const out = document.createDocumentFragment();
  let buf = '';
  const flush = () => { if (buf) { out.append(document.createTextNode(buf)); buf = ''; } };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m;
    if ((m = /^`([^`]+)`/.exec(rest))) {
      flush(); out.append(h('code', null, m[1])); i += m[0].length; continue;
    }
    if ((m = /^@\[([^\]\n]{1,120})\]\(mention:([^)\s]*)\)/.exec(rest))) {
      flush();
      out.append(ID.test(m[2]) && mentioned ? mentioned(m[2], m[1]) : h('span', { class: 'mention' }, '@' + m[1]));
      i += m[0].length; continue;
    }
    if ((m = /^\[([^\]\n]{1,500})\]\(([^)\s]*)\)/.exec(rest))) {
      flush();
      out.append(SAFE.test(m[2]) ? h('a', { href: m[2], rel: 'nofollow ugc noopener noreferrer' }, inline(m[1], mentioned)) : document.createTextNode(m[1]));
      i += m[0].length; continue;
    }
    if ((m = /^\*\*([^*\n]+?)\*\*/.exec(rest)) || (m = /^__([^_\n]+?)__/.exec(rest))) {
      flush(); out.append(h('strong', null, inline(m[1], mentioned))); i += m[0].length; continue;
    }
    if ((m = /^\*([^*\s][^*\n]*?)\*/.exec(rest)) || (m = /^_([^_\s][^_\n]*?)_(?![A-Za-z0-9])/.exec(rest))) {
      if (rest[0] === '_' && i > 0 && /[A-Za-z0-9]/.test(text[i - 1])) { buf += rest[0]; i++; continue; }
      flush(); out.append(h('em', null, inline(m[1], mentioned))); i += m[0].length; continue;
    }
    buf += text[i];
    i++;
  }
  flush();
  return out;
}

/** A quote of a post for a reply: each line behind "> ", with who wrote it. */
export const quote = (name, body) => `${name ? `@${name}:\n` : ''}${String(body || '').split('\n').slice(0, 12).map((l) => '> ' + l).join('\n')}\n\n`;

/** The mention to insert for a person. */
export const mention = (p) => `@[${p.display_name.replace(/[[\]()]/g, '')}](mention:${p.id}) `;
