// pledgeconv serve: keep the open page in step with the files (Server-Sent Events), keep the
// scroll position, and show the warnings in a panel whose entries scroll to their place.
(() => {
  "use strict";
  const panel = document.getElementById("pc-panel");
  const list = panel.querySelector("ol");
  const status = panel.querySelector(".pc-status");
  const error = panel.querySelector(".pc-error");
  let shown = Number(panel.dataset.version);
  const details = panel.querySelector("details");
  if (window.innerWidth < 600) details.open = false;  // on a phone the panel starts folded

  // A picture that is not there (the page links pictures rather than embedding them) shows the
  // placeholder box the exports show, not a broken-image icon.
  function missing(img) {
    const box = document.createElement("span");
    box.className = "image-placeholder";
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", img.alt || img.getAttribute("src"));
    const note = document.createElement("span");
    note.className = "image-placeholder-note";
    note.textContent = `${panel.dataset.missing}: ${decodeURI(img.getAttribute("src"))}`;
    box.append(note, " ", img.alt);
    const figure = img.closest("figure");
    if (figure) figure.classList.add("missing");
    img.replaceWith(box);
  }
  document.addEventListener("error", e => { if (e.target.tagName === "IMG") missing(e.target); }, true);
  for (const img of document.images) if (img.complete && img.naturalWidth === 0) missing(img);

  function place(w) {
    // The marker after the block where the warning's line falls (markers: pc-c<chapter> pc-l<line>).
    if (w.chapter < 0 || !w.line) return null;
    let best = null, bestLine = -1;
    for (const m of document.querySelectorAll(`.pc-src.pc-c${w.chapter}`)) {
      const line = Number([...m.classList].find(c => /^pc-l\d+$/.test(c)).slice(4));
      if (line <= w.line && line > bestLine) { best = m; bestLine = line; }
    }
    return best ? (best.previousElementSibling || best) : null;
  }

  function showWarnings(state) {
    list.replaceChildren();
    for (const w of state.warnings) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#";
      link.textContent = `${w.source}:${w.line}: [${w.code}] ${w.message}`;
      link.addEventListener("click", event => {
        event.preventDefault();
        const target = place(w);
        if (target) {
          target.scrollIntoView({block: "center"});
          target.classList.add("pc-flash");
          setTimeout(() => target.classList.remove("pc-flash"), 1500);
        }
      });
      item.append(link);
      list.append(item);
    }
    status.textContent = state.warnings.length ? `경고 ${state.warnings.length}건` : "경고 없음";
    error.textContent = state.error ? `오류: ${state.error}` : "";
    error.hidden = !state.error;
    if (state.error) details.open = true;
    panel.dataset.version = String(state.version);
  }

  async function update() {
    const state = await (await fetch("/_pc/state", {cache: "no-store"})).json();
    if (state.page !== shown) {
      const html = await (await fetch("/_pc/page", {cache: "no-store"})).text();
      const fresh = new DOMParser().parseFromString(html, "text/html");
      const x = window.scrollX, y = window.scrollY;
      for (const node of [...document.body.childNodes]) {
        if (node !== panel && !(node.nodeType === 1 && node.tagName === "SCRIPT")) node.remove();
      }
      for (const node of [...fresh.body.childNodes]) document.body.insertBefore(document.adoptNode(node), panel);
      const style = document.head.querySelector("style"), freshStyle = fresh.head.querySelector("style");
      if (style && freshStyle && style.textContent !== freshStyle.textContent) style.textContent = freshStyle.textContent;
      document.title = fresh.title;
      window.scrollTo(x, y);
      shown = state.page;
      document.documentElement.dataset.pcPage = String(shown);
    }
    showWarnings(state);
  }

  fetch("/_pc/state", {cache: "no-store"}).then(r => r.json()).then(showWarnings);
  const events = new EventSource("/_pc/events");
  events.onmessage = () => { update().catch(() => {}); };
})();
