// Numbers in the prose cannot be broken across lines: the hyphen of an exponent or a range
// ("2.5e-05", "56-79") becomes a non-breaking hyphen (U+2011), as the generated tables do
// (currentforces.book.report.unbreakable_numbers), in the prose and in printed outputs.
// Computed numbers keep myst-nb's bold; computed words and phrases (glued text) read as text.
document.addEventListener("DOMContentLoaded", () => {
  const article = document.querySelector(".bd-article");
  if (!article) return;
  for (const span of article.querySelectorAll(".pasted-text")) {
    if (/[A-Za-z]{3}/.test(span.textContent)) span.style.fontWeight = "normal";
  }
  // prose and printed outputs (the outputs' text is only displayed: the checked outputs are
  // compared in the notebooks, not here); code, sources and math are left alone
  const skip = "code, script, style, .math, mjx-container, .cell_input";
  const kept = (el) =>
    !el.closest(skip) && (!el.closest(".highlight") || el.closest(".cell_output"));
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (kept(node.parentElement) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const hyphen = /(?<=[0-9][eE]?)-(?=[0-9])/g;
  const unit = /(?<=[0-9]) (?=%)/g;  // "6.3 %" stays on one line
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.replace(hyphen, "\u2011").replace(unit, "\u00a0");
    if (text !== node.data) node.data = text;
  }
});

// After MathJax has typeset the page, inline math and the punctuation or unit that follows it
// (",", ".", ")", ":", ";", "/hartree") stay on one line.
window.addEventListener("load", () => {
  const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (!startup) return;
  startup.then(() => {
    const article = document.querySelector(".bd-article");
    if (!article) return;
    const tail = /^(?:[,.;:)]+|\/[A-Za-z]+)/;
    for (const container of article.querySelectorAll("mjx-container:not([display='true'])")) {
      const math = container.parentElement.closest("span.math") || container;
      const next = math.nextSibling;
      if (!next || next.nodeType !== Node.TEXT_NODE) continue;
      const m = next.data.match(tail);
      if (!m) continue;
      next.splitText(m[0].length);  // next keeps the punctuation, the rest follows it
      const keep = document.createElement("span");
      keep.style.whiteSpace = "nowrap";
      math.parentNode.insertBefore(keep, math);
      keep.appendChild(math);
      keep.appendChild(next);
    }
  });
});
