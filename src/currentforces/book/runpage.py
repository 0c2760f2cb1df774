"""A readable HTML page of an executed chapter (``make run``): glue rendered, figures inline.

The executed notebook of a run holds the MyST markdown of the chapter, whose numbers are
``{glue:text}`` roles (and phrases ``{glue:md}`` roles) filled from the outputs of its code cells. This module substitutes the
glued values and figures, renders the markdown (markdown-it with tables and dollar math, as
myst-parser does), shows the printed outputs, folds the code, and loads MathJax from the book's
local copy when it has been built.
"""

from __future__ import annotations

from functools import lru_cache

import ast
import html
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

RECORD = "application/papermill.record/"
_ROLE = re.compile(r"\{glue(?::text|:)?\}`([^`:]+)(?::([^`]*))?`")
_MD_ROLE = re.compile(r"\{glue:md\}`([^`:]+)(?::[^`]*)?`")
_OTHER_ROLE = re.compile(r"\{(doc|numref|ref|cite|cite:t|cite:p|eq)\}`([^`]*)`")
_FENCE = re.compile(r"^(```+|:::+)\{([\w:-]+)\}[ \t]*(.*?)\n(.*?)^\1[ \t]*$", re.M | re.S)


def glued_values(nb) -> dict[str, dict]:
    """Glue records of the notebook: name -> the MIME bundle it was glued with."""
    out = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                out[name] = {k[len(RECORD) :]: v for k, v in output.get("data", {}).items()}
    return out


def _format(bundle: dict, fmt: str | None) -> str:
    text = bundle.get("text/plain", "")
    if fmt:
        try:
            return format(ast.literal_eval(text), fmt)
        except (ValueError, SyntaxError, TypeError):
            pass
    return text.strip("'\"")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin)


def _math(rendered: str) -> str:
    # MathJax reads \( \) and \[ \]; the dollarmath plugin marks math with these classes
    rendered = re.sub(
        r'<span class="math inline">(.*?)</span>', r"\\(\1\\)", rendered, flags=re.S
    )
    return re.sub(r'<div class="math block">(.*?)</div>', r"\\[\1\\]", rendered, flags=re.S)


def _figure(bundle: dict, caption: str) -> str:
    png = bundle.get("image/png")
    text = _math(_parser().renderInline(" ".join(caption.split())))
    if not png:
        return f"<p><em>(figure not available)</em> {text}</p>"
    img = f'<img src="data:image/png;base64,{png}" style="max-width:100%">'
    return f"\n<figure>{img}<figcaption>{text}</figcaption></figure>\n"


def _title(doc: str, book: Path | None) -> str:
    """The title of a chapter (its first heading) for a {doc} role, else its name."""
    path = None if book is None else book / f"{doc}.md"
    if path is not None and path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return doc.replace("_", " ")


@lru_cache(maxsize=4)
def _citations(book: Path | None) -> dict[str, str]:
    """'Author et al. (year)' for each key of references.bib beside the book folder (read once)."""
    bib = None if book is None else book.parent / "references.bib"
    if bib is None or not bib.is_file():
        return {}
    labels = {}
    for entry in re.split(r"\n@", bib.read_text(encoding="utf-8")):
        key = re.match(r"\w+\{([^,]+),", entry.lstrip("@"))
        author = re.search(r"author\s*=\s*\{(.+?)\},\s*\n", entry, re.S)
        year = re.search(r"year\s*=\s*\{(\d{4})\}", entry)
        if not key:
            continue
        names = [a.split(",")[0].strip(" {}") for a in author.group(1).split(" and ")] if author else []
        if names and names[-1] == "others":
            names = names[:1] + ["", ""]  # "et al."
        who = names[0] + (" et al." if len(names) > 2 else f" and {names[1]}" if len(names) == 2 else "")
        labels[key.group(1).strip()] = f"{who} ({year.group(1)})" if year else who or key.group(1)
    return labels


def _reference(role: str, target: str, book: Path | None) -> str:
    target = target.split("<")[-1].rstrip(">").strip() if "<" in target else target.strip()
    if role == "doc":
        return _title(target, book)
    if role.startswith("cite"):
        labels = _citations(book)
        return "[" + "; ".join(labels.get(k.strip(), k.strip()) for k in target.split(",")) + "]"
    figure = re.fullmatch(r"fig-(\d+)", target)
    if figure:
        return f"Fig. {figure.group(1)}"
    return "the figure “" + target.removeprefix("fig-").replace("-", " ") + "”"


def render_markdown(source: str, glue: dict[str, dict], book: Path | None = None) -> str:
    """The HTML of one markdown cell with glue, figures and the MyST roles resolved."""

    def fence(m: re.Match) -> str:
        name, arg, body = m.group(2), m.group(3).strip(), m.group(4)
        body = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        if name == "glue:figure":
            return _figure(glue.get(arg, {}), body.strip())
        if name == "glue:md":
            return glue.get(arg, {}).get("text/markdown", "")
        title = arg or name
        return f"\n> **{title}**\n>\n" + "\n".join("> " + line for line in body.splitlines())

    def markdown(name: str) -> str:
        bundle = glue.get(name, {})
        return bundle.get("text/markdown", _format(bundle, None)).strip()

    def roles(text: str) -> str:
        text = _MD_ROLE.sub(lambda m: markdown(m.group(1)), text)
        text = _ROLE.sub(lambda m: _format(glue.get(m.group(1), {}), m.group(2)), text)
        return _OTHER_ROLE.sub(lambda m: _reference(m.group(1), m.group(2), book), text)

    # glued markdown may itself hold directives and roles: two passes
    text = roles(_FENCE.sub(fence, roles(source)))
    text = roles(_FENCE.sub(fence, text))
    text = re.sub(r"^\([\w-]+\)=\s*$", "", text, flags=re.M)  # MyST targets
    return _math(_parser().render(text))


def _outputs(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("metadata", {}).get("scrapbook"):
            continue
        if output.get("output_type") == "stream":
            parts.append(f"<pre class='out'>{html.escape(output.get('text', ''))}</pre>")
        elif output.get("output_type") in ("display_data", "execute_result"):
            data = output.get("data", {})
            if "image/png" in data:
                parts.append(f'<img src="data:image/png;base64,{data["image/png"]}" '
                             'style="max-width:100%">')
            elif "text/plain" in data:
                parts.append(f"<pre class='out'>{html.escape(data['text/plain'])}</pre>")
    return "\n".join(parts)


def render_page(
    nb,
    title: str,
    parameters: dict,
    mathjax: str | None = None,
    book: Path | None = None,
    failed: list[str] | None = None,
) -> str:
    """The whole HTML page of an executed notebook; ``failed`` checks are listed at its top.

    ``mathjax`` is the URL of MathJax relative to the page (the run folder carries its own copy,
    so that a moved or shared folder keeps its math); None leaves the TeX source as it is.
    """
    glue = glued_values(nb)
    body = []
    if failed:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in failed)
        body.append(
            "<div class='failed' role='alert'><strong>Warning: checks failed for these "
            "parameters.</strong> The numbers below are not confirmed by the book's own checks:"
            f"<ul>{items}</ul></div>"
        )
    if parameters:
        items = ", ".join(f"<code>{html.escape(k)} = {html.escape(repr(v))}</code>"
                          for k, v in parameters.items())
        body.append(f"<p class='params'><em>This run:</em> {items}.</p>")
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown":
            body.append(render_markdown(cell.source, glue, book))
        elif cell.cell_type == "code" and "remove-cell" not in tags:
            code = html.escape(cell.source)
            body.append(f"<details><summary>code</summary><pre>{code}</pre></details>")
            body.append(_outputs(cell))
    script = ""
    if mathjax is not None:
        script = f'<script defer src="{html.escape(mathjax)}"></script>'
    style = (
        "body{max-width:60rem;margin:2rem auto;padding:0 1rem;font-family:sans-serif;"
        "line-height:1.5}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
        "figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}"
        ".failed{border:2px solid #c00;background:#fee;padding:.5rem 1rem;margin:1rem 0}"
        "blockquote{border-left:4px solid #c80;margin:1rem 0;padding:.1rem 1rem;background:#fff8ee}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{style}</style>{script}</head><body>{''.join(body)}</body></html>"
    )

