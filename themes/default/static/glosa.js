/* glosa default theme: progressive enhancement only. Without this file every popover still
   opens on click, tap or Enter (native popovertarget), sidenotes still toggle, and the search
   box stays hidden. */
(() => {
  'use strict';
  const d = document;

  /* 1. Hover: open a term or claim popover when the mouse rests on its button, close it when
     the mouse leaves both the button and the popover. */
  let openTimer = 0, closeTimer = 0, hovered = null;
  const isOpen = (p) => p.matches(':popover-open');
  const hide = () => {
    const p = hovered;
    if (!p || p.contains(d.activeElement)) return;
    hovered = null;
    if (isOpen(p)) p.hidePopover();
  };
  const laterClose = () => { clearTimeout(closeTimer); closeTimer = setTimeout(hide, 300); };
  const mouse = (e) => e.pointerType === 'mouse';

  for (const b of d.querySelectorAll('.term[popovertarget], .claim__verdict[popovertarget]')) {
    const p = d.getElementById(b.getAttribute('popovertarget'));
    if (!p || !p.showPopover) continue;
    b.addEventListener('pointerenter', (e) => {
      if (!mouse(e)) return;
      clearTimeout(openTimer);
      if (hovered === p) { clearTimeout(closeTimer); return; }
      openTimer = setTimeout(() => {
        if (isOpen(p)) return;
        try { p.showPopover({ source: b }); } catch { return; }
        hovered = p;
      }, 250);
    });
    b.addEventListener('pointerleave', (e) => {
      if (!mouse(e)) return;
      clearTimeout(openTimer);
      if (hovered === p) laterClose();
    });
    p.addEventListener('pointerenter', () => { if (hovered === p) clearTimeout(closeTimer); });
    p.addEventListener('pointerleave', (e) => { if (hovered === p && mouse(e)) laterClose(); });
    /* A click on a button whose popover the mouse already opened pins it open,
       instead of toggling it shut. */
    b.addEventListener('click', (e) => {
      if (hovered === p && isOpen(p)) { e.preventDefault(); hovered = null; clearTimeout(closeTimer); }
    });
    p.addEventListener('toggle', (e) => { if (e.newState === 'closed' && hovered === p) hovered = null; });
  }

  /* 2. Code blocks that scroll sideways get a tab stop, so keyboard users can scroll them. */
  for (const el of d.querySelectorAll('pre')) {
    if (el.scrollWidth > el.clientWidth && el.tabIndex < 0) el.tabIndex = 0;
  }

  /* 3. Table of contents: mark the section being read. */
  const toc = d.querySelector('.toc');
  if (toc && window.IntersectionObserver) {
    const links = [...toc.querySelectorAll('a[href^="#"]')];
    const heads = links.map((a) => d.getElementById(decodeURIComponent(a.hash.slice(1))));
    let current = null;
    const update = () => {
      let i = -1;
      heads.forEach((h, j) => { if (h && h.getBoundingClientRect().top < innerHeight * 0.3) i = j; });
      const a = links[i] || null;
      if (a === current) return;
      if (current) current.removeAttribute('aria-current');
      if (a) a.setAttribute('aria-current', 'location');
      current = a;
    };
    const io = new IntersectionObserver(update, { rootMargin: '0px 0px -70% 0px' });
    heads.forEach((h) => h && io.observe(h));
  }

  /* 4. Search as you type, over the static index in shards (see glosa's theme/search.rs): on
     first focus the small manifest, then for each word typed the shard of its first two
     letters, and the result files of the best hits only. The box is hidden without JavaScript;
     on narrow screens a toggle button opens it. */
  const box = d.querySelector('.search');
  if (!box || !window.fetch) return;
  const form = box.querySelector('form');
  const toggle = box.querySelector('.search__toggle');
  const input = form.querySelector('input');
  const panel = form.querySelector('.search__panel');
  const list = form.querySelector('.search__results');
  const status = d.getElementById('search-status');
  const manifestUrl = new URL(box.dataset.index, location.href);
  let manifest = null, loading = null, asked = 0;
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = (s) => fold(s).split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  const keyOf = (w) => [...w].slice(0, 2).join('');
  const json = (url) => fetch(url).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); });
  const unavailable = () => { status.textContent = 'Search is not available right now.'; };
  const load = () => loading || (loading = json(manifestUrl)
    .then((j) => { manifest = j; })
    .catch(() => { loading = null; unavailable(); }));
  /* Each file once per page view, named with the manifest's version so no two builds mix. */
  const files = new Map();
  const file = (name) => {
    if (!files.has(name)) {
      const url = new URL(name, manifestUrl);
      url.searchParams.set('v', manifest.v);
      files.set(name, json(url).catch((e) => { files.delete(name); throw e; }));
    }
    return files.get(name);
  };
  const ids = (deltas) => { let id = 0; return deltas.map((delta) => (id += delta)); };

  /* Every query word must start a word of the title (3 points) or summary (1); the 12 best by
     score, then document order (terms, pages, newest articles), are ranked again with a bonus
     for a title equal to the query (10) or starting with it (4), and the first 8 are shown. */
  const find = async (q) => {
    const ws = [...new Set(words(q))];
    if (!ws.length) return [];
    const shards = await Promise.all(ws.map((w) => {
      const name = manifest.shards[keyOf(w)];
      return name ? file(name) : null;
    }));
    let scores = null;
    ws.forEach((w, i) => {
      const found = new Map();
      for (const [word, [title, summary]] of Object.entries(shards[i] ? shards[i].words : {})) {
        if (!word.startsWith(w)) continue;
        for (const id of ids(title)) found.set(id, 3);
        for (const id of ids(summary)) if (!found.has(id)) found.set(id, 1);
      }
      if (!scores) { scores = found; return; }
      const both = new Map();
      for (const [id, score] of scores) if (found.has(id)) both.set(id, score + found.get(id));
      scores = both;
    });
    const best = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 12);
    const docs = await Promise.all(best.map(([id]) =>
      file(`d/${Math.floor(id / manifest.per)}.json`).then((f) => f.docs[id % manifest.per])));
    const whole = fold(q).trim();
    return best.map(([id, score], i) => {
      const ft = fold(docs[i].t || '');
      return [score + (ft === whole ? 10 : ft.startsWith(whole) ? 4 : 0), id, docs[i]];
    }).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 8).map((h) => h[2]);
  };
  const span = (cls, text) => {
    const s = d.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  };
  const render = async () => {
    const q = input.value.trim();
    const ticket = ++asked;
    if (!q || !manifest) { list.textContent = ''; panel.hidden = true; status.textContent = ''; return; }
    let hits;
    try { hits = await find(q); } catch { if (ticket === asked) unavailable(); return; }
    if (ticket !== asked) return; /* the reader has typed on */
    list.textContent = '';
    for (const x of hits) {
      const li = d.createElement('li');
      const a = d.createElement('a');
      a.href = x.u;
      a.append(span('search__kind', x.k === 'term' ? 'Glossary' : 'Article'), span('search__title', x.t));
      if (x.s) a.append(span('search__snippet', x.s.length > 130 ? x.s.slice(0, 130).trimEnd() + '…' : x.s));
      li.append(a);
      list.append(li);
    }
    if (!hits.length) {
      const li = d.createElement('li');
      li.append(span('search__none', `No articles or terms match “${q}”.`));
      list.append(li);
    }
    status.textContent = hits.length ? `${hits.length} result${hits.length > 1 ? 's' : ''}` : 'No results';
    panel.hidden = false;
  };
  const setOpen = (open) => {
    box.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', open);
    if (!open) panel.hidden = true;
  };

  box.hidden = false;
  toggle.addEventListener('click', () => {
    const open = !box.classList.contains('is-open');
    setOpen(open);
    if (open) input.focus();
  });
  input.addEventListener('focus', () => { load().then(render); });
  input.addEventListener('input', () => { if (manifest) render(); else load().then(render); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const a = list.querySelector('a');
      if (a && !panel.hidden) { e.preventDefault(); a.focus(); }
    } else if (e.key === 'Escape') {
      if (!panel.hidden) { e.preventDefault(); panel.hidden = true; }
      else if (box.classList.contains('is-open')) { e.preventDefault(); setOpen(false); toggle.focus(); }
    }
  });
  list.addEventListener('keydown', (e) => {
    const links = [...list.querySelectorAll('a')];
    const i = links.indexOf(d.activeElement);
    if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); panel.hidden = true; input.focus(); }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const a = list.querySelector('a');
    if (a) location.href = a.href;
  });
  box.addEventListener('focusout', (e) => {
    if (e.relatedTarget && !box.contains(e.relatedTarget)) setOpen(false);
  });
  d.addEventListener('pointerdown', (e) => { if (!box.contains(e.target)) setOpen(false); });
})();
