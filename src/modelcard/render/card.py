"""The Markdown model card: CARD-FORMAT.md, rule by rule.

``render_card(entry)`` is a pure function of the entry; the reference card
(shared/reference/dots.llm1.md) is what it must produce, byte for byte, for dots.llm1.
"""

from __future__ import annotations

from modelcard import benchmarks
from modelcard.entry import Entry
from modelcard.metrics import figures_of
from modelcard.slugs import page_slug
from modelcard.units import format_score

from .labels import access_label, alscore_line, count_text, ratio_line, released_label
from .markdown import code, heading, is_url, line_start, paragraph, text, url

FORMULA = "√(Parameters × Tokens) ÷ 300"
MMLU_EXCEPTIONAL = (
    "Exceptional performance on MMLU benchmark (>90%), demonstrating strong general knowledge."
)
MMLU_STRONG = (
    "Strong performance on MMLU benchmark (80-90%), indicating solid general capabilities."
)
GPQA_OUTSTANDING = (
    "Outstanding reasoning performance on GPQA (>80%), approaching expert-level problem solving."
)
GPQA_GOOD = "Good reasoning capabilities on GPQA (60-80%)."


def lab_slug(lab: str) -> str:
    """The page slug of a lab; a lab whose name has no word character still gets a page."""
    return page_slug(lab) or "lab-" + _digest(lab)


def arch_slug(architecture: str) -> str:
    return page_slug(architecture) or "arch-" + _digest(architecture)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def has_tag(entry: Entry, tag: str) -> bool:
    return any(t.casefold() == tag.casefold() for t in entry.tags)


def overview(entry: Entry) -> str:
    name = text(entry.name)
    sota, reasoning = has_tag(entry, "SOTA"), has_tag(entry, "Reasoning")
    if sota and reasoning:
        return (
            f"{name} represents state-of-the-art performance in its category, "
            "with advanced reasoning capabilities."
        )
    if sota:
        return f"{name} represents state-of-the-art performance in its category."
    if reasoning:
        return f"{name} is designed for advanced reasoning and multi-step problem solving."
    return f"{name} is a large language model developed by {text(entry.lab)}."


def analysis(entry: Entry) -> list[str]:
    found = []
    mmlu, gpqa = entry.score("mmlu"), entry.score("gpqa")
    if mmlu is not None and mmlu >= 90:
        found.append(MMLU_EXCEPTIONAL)
    elif mmlu is not None and mmlu >= 80:
        found.append(MMLU_STRONG)
    if gpqa is not None and gpqa >= 80:
        found.append(GPQA_OUTSTANDING)
    elif gpqa is not None and gpqa >= 60:
        found.append(GPQA_GOOD)
    return found


def resource_lines(entry: Entry) -> list[str]:
    lines = []
    for key, icon, title in (
        ("playground", "🎮", "Try the Model"),
        ("paper", "📄", "Technical Documentation"),
    ):
        target = entry.links.get(key)
        if target:
            lines.append(_resource(icon, title, target))
    for key in sorted(k for k in entry.links if k not in ("playground", "paper")):
        lines.append(_resource("🔗", key, entry.links[key]))
    return lines or ["_No public resources available._"]


def _resource(icon: str, title: str, target: str) -> str:
    if is_url(target):
        return f"- {icon} [{text(title)}]({url(target)})"
    return f"- {icon} {text(title)}: {text(target)}"


def render_card(entry: Entry) -> str:
    """The card of one entry, as it sits at ``models/{lab_slug}/{model_slug}.md``."""
    figures = figures_of(entry)
    lab = text(entry.lab)
    lab_page = f"../../labs/{lab_slug(entry.lab)}.md"
    ratio = ratio_line(figures)
    score = alscore_line(figures)

    out = [
        f"# {heading(entry.name)}",
        "",
        f"> {paragraph(', '.join(entry.tags)) if entry.tags else 'Large Language Model'}",
        "",
        f"**Organization:** [{lab}]({lab_page})",
        f"**Released:** {released_label(entry.released)}",
        f"**Access:** {access_label(entry.access)}",
        "",
        "---",
        "",
        "## 📊 Overview",
        "",
        line_start(overview(entry)),
        "",
        "## 🔧 Technical Specifications",
        "",
        "### Model Architecture",
        f"- **Type:** {text(entry.architecture) if entry.architecture else '-'}",
        f"- **Parameters:** {count_text(entry.parameters)}",
        f"- **Training Tokens:** {count_text(entry.tokens)}",
        f"- **Token:Param Ratio:** {ratio}",
        "",
        "### Training Efficiency",
        f"- **ALScore:** {score}",
        f"- **Formula:** {FORMULA}",
        "",
        "### Training Data",
        f"- **Dataset Type:** {text(entry.dataset) if entry.dataset else '-'}",
        "",
        "## 📈 Performance Benchmarks",
        "",
        "| Benchmark | Score | Description |",
        "|-----------|-------|-------------|",
    ]
    for name in benchmarks.card_order(list(entry.benchmarks)):
        label = text(benchmarks.label(name))
        score = format_score(entry.score(name))
        out.append(f"| **{label}** | {score} | {benchmarks.description(name)} |")
    for sentence in analysis(entry):
        out += ["", f"**Analysis:** {sentence}"]
    out += [
        "",
        "## 🏷️ Model Tags",
        "",
        ", ".join(code(tag) for tag in entry.tags) if entry.tags else "_No specific tags_",
        "",
        "## 📝 Additional Notes",
        "",
        paragraph(entry.notes) if entry.notes else "_No additional notes available._",
        "",
        "## 🔗 Resources",
        "",
        *resource_lines(entry),
        "",
        "## 🔍 Related Models",
        "",
        f"**From {lab}:**",
        f"- See all models in [{lab} profile]({lab_page})",
    ]
    if entry.architecture:
        arch = text(entry.architecture)
        out += [
            "",
            "**Similar Architecture:**",
            f"- See all [{arch} models](../../architectures/{arch_slug(entry.architecture)}.md)",
        ]
    out += [
        "",
        "---",
        "",
        f"**Last Updated:** {entry.updated.isoformat() if entry.updated else '-'}",
        "",
        f"[← Back to Leaderboard](../../README.md) • [View All {lab} Models]({lab_page})",
    ]
    return "\n".join(out) + "\n"
