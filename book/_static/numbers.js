// Numbers in the prose read as numbers and stay whole:
// - in prose and tables, a number in e-notation ("2.4e-05", "1e-08", "0e+00") is set as
//   2.4×10⁻⁵, 10⁻⁸, 0 (printed outputs keep the program's text);
// - the hyphen of an exponent or a range ("2.5e-05", "56-79", "(D7)-(D10)") becomes a
//   non-breaking hyphen (U+2011), as the generated tables do
//   (currentforces.book.report.unbreakable_numbers), in the prose and in printed outputs;
// - a relation and its sides ("U = -0.5491", "< 1e-12") and a number and its "%" stay on one line.
// Computed numbers keep myst-nb's bold; computed words and phrases (glued text) read as text.
const E_NOTATION = /(?<![\w.\u2011])(\d+(?:\.\d+)?)[eE]([+\-\u2011\u2212]?)(\d+)(?!\w|\.\d)/g;

function scientific(mantissa, sign, digits) {
  const wrap = document.createElement("span");
  wrap.className = "sci-number";
  wrap.style.whiteSpace = "nowrap";
  if (/^0(?:\.0*)?$/.test(mantissa)) {
    wrap.textContent = mantissa;  // 0e+00 is 0
    return wrap;
  }
  const exponent = parseInt(digits, 10);
  const negative = sign === "-" || sign === "\u2011" || sign === "\u2212";
  if (exponent === 0) {
    wrap.textContent = mantissa;
    return wrap;
  }
  wrap.textContent = /^1(?:\.0*)?$/.test(mantissa) ? "10" : `${mantissa}\u00d710`;
  const sup = document.createElement("sup");
  sup.textContent = (negative ? "\u2212" : "") + exponent;
  wrap.appendChild(sup);
  return wrap;
}

// Pages outside the numbered chapters (the appendices, the explorer) would number their figures
// in one book-wide sequence ("Fig. 2" ... "Fig. 7"), easily read as the paper's figures: an
// appendix numbers its own ("Fig. A.1"), and a page that is not an appendix drops the number
// (only the book's chapters and appendices refer to figures by number).
function numberFiguresOfThePage(article) {
  const title = article.querySelector("h1");
  if (!title || title.querySelector(".section-number")) return;
  const appendix = title.textContent.match(/^Appendix ([A-Z])\b/);
  let k = 0;
  for (const label of article.querySelectorAll("figcaption .caption-number")) {
    k += 1;
    const old = label.textContent.trim();
    const now = appendix ? `Fig. ${appendix[1]}.${k}` : "";
    label.textContent = now ? `${now} ` : "";
    const figure = label.closest("figure");
    if (!figure || !figure.id) continue;
    for (const link of article.querySelectorAll(`a[href="#${figure.id}"]`)) {
      if (now && link.textContent.includes(old)) link.textContent = link.textContent.replace(old, now);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const article = document.querySelector(".bd-article");
  if (!article) return;
  numberFiguresOfThePage(article);
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
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  const hyphen = /(?<=[0-9][eE]?|\))-(?=[0-9(])/g;
  const unit = /(?<=[0-9]) (?=%)/g;  // "6.3 %" stays on one line
  const relation = /(^|\s)([=<>\u2264\u2265\u2248\u00b1])(?=\s|$)(\s?)/g;
  const minus = /(^|[\s(\u00a0])-(?=\d)/g;  // a leading minus sign is U+2212, not a hyphen
  for (const node of nodes) {
    const prose = !node.parentElement.closest(".cell_output, .output, pre");
    let text = node.data;
    if (prose) {
      // "x = 2", "< 1e-12": no break on either side of the relation
      text = text.replace(relation, (all, before, sign, after) =>
        (before ? "\u00a0" : "") + sign + (after ? "\u00a0" : ""));
      text = text.replace(minus, "$1\u2212");
    }
    text = text.replace(unit, "\u00a0");
    const found = prose ? [...text.matchAll(E_NOTATION)] : [];
    if (found.length) {
      const parts = document.createDocumentFragment();
      let last = 0;
      for (const m of found) {
        parts.appendChild(document.createTextNode(text.slice(last, m.index).replace(hyphen, "\u2011")));
        parts.appendChild(scientific(m[1], m[2], m[3]));
        last = m.index + m[0].length;
      }
      parts.appendChild(document.createTextNode(text.slice(last).replace(hyphen, "\u2011")));
      node.parentNode.replaceChild(parts, node);
      continue;
    }
    text = text.replace(hyphen, "\u2011");
    if (text !== node.data) node.data = text;
  }
});

// After MathJax has typeset the page, inline math stays on one line with what binds it to its
// neighbours: an opening "(" or a relation ("= ", "< ") before it, and the punctuation or unit
// after it (",", ".", ")", ":", ";", "/hartree", " = ").
window.addEventListener("load", () => {
  const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (!startup) return;
  startup.then(() => {
    const article = document.querySelector(".bd-article");
    if (!article) return;
    const tail = /^(?:[,.;:)]+|\/[A-Za-z]+|\u00a0[=<>\u2264\u2265\u2248\u00b1]\u00a0?)/;
    const head = /(?:\(|[=<>\u2264\u2265\u2248\u00b1]\u00a0)$/;
    for (const container of article.querySelectorAll("mjx-container:not([display='true'])")) {
      const math = container.parentElement.closest("span.math") || container;
      const next = math.nextSibling;
      const before = math.previousSibling;
      const m = next && next.nodeType === Node.TEXT_NODE ? next.data.match(tail) : null;
      const b = before && before.nodeType === Node.TEXT_NODE ? before.data.match(head) : null;
      if (!m && !b) continue;
      const keep = document.createElement("span");
      keep.style.whiteSpace = "nowrap";
      math.parentNode.insertBefore(keep, math);
      if (b) keep.appendChild(before.splitText(before.data.length - b[0].length));
      keep.appendChild(math);
      if (m) {
        next.splitText(m[0].length);  // next keeps the punctuation, the rest follows it
        keep.appendChild(next);
      }
    }
  });
});
