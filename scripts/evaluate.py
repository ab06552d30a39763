"""`make eval`: how well the trained assistant understands phrasings it was not trained on.

Four sets, none ever used for training: tests/eval/ is held out (written blind to the training
data, and not looked at while tuning); tests/dev/ holds three sets for tuning (each written blind,
each fresh when first measured). For each, asks the trained model for each utterance's intent
and the catalogue search for its service, and prints and writes to results/eval*/: intent
accuracy and macro-F1, service top-1 and top-3, the out-of-scope false-accept rate, per-intent
errors, a confusion-matrix PNG, training time and model size. The targets are judged on the
held-out set.

The same sets are measured with the curated catalogue alone and with an imported region's
catalogue beside it (breadth must not cost the curated services more than a point), and a blind
set about the imported items (tests/eval/imported.yml) with the imported catalogue alone: is the
right item answered, or offered among at most three numbered choices? The NLU model is the same in
every configuration (it is trained with the curated catalogue's words), so each message is parsed
once and the catalogue's say is applied per configuration.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL_SET = ROOT / "tests" / "eval" / "utterances.yml"
DEV_SET = ROOT / "tests" / "dev" / "utterances.yml"
SECOND_DEV_SET = ROOT / "tests" / "dev" / "second.yml"
THIRD_DEV_SET = ROOT / "tests" / "dev" / "third.yml"
FOURTH_DEV_SET = ROOT / "tests" / "dev" / "fourth.yml"
SETS = {
    "held-out": (EVAL_SET, ROOT / "results" / "eval"),
    "dev": (DEV_SET, ROOT / "results" / "eval-dev"),
    "second dev": (SECOND_DEV_SET, ROOT / "results" / "eval-dev2"),
    "third dev": (THIRD_DEV_SET, ROOT / "results" / "eval-dev3"),
    "fourth dev": (FOURTH_DEV_SET, ROOT / "results" / "eval-dev4"),
}
IMPORTED_SET = ROOT / "tests" / "eval" / "imported.yml"
CURATED = ROOT / "data" / "catalogue"
IMPORTED = ROOT / "build" / "catalogue" / "gd"  # make catalogue-import SOURCE=../shared/data/gd-catalogue
MODEL = ROOT / "models" / "onetrip.tar.gz"
TRAINING_RECORD = ROOT / "models" / "onetrip.training.json"
REJECTING = {"out_of_scope", "nlu_fallback"}  # predictions that do not accept a message as in scope


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    service: str | None
    style: str


@dataclass(frozen=True)
class Prediction:
    intent: str  # what the NLU model says
    confidence: float
    services: list[str]  # best first
    interpreted: str = ""  # after the catalogue's say (components/catalogue_interpreter.py)


def nlu_label(prediction: Prediction) -> str:
    """The fallback is answered by the same action as out_of_scope: for the citizen they are one."""
    return "out_of_scope" if prediction.intent in REJECTING else prediction.intent


def label(prediction: Prediction) -> str:
    """What the assistant acts on: the NLU intent with the catalogue's word on it."""
    return nlu_label(Prediction(prediction.interpreted or prediction.intent, 0.0, []))


def load_cases(path: Path = EVAL_SET) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(u["text"], u["intent"], u.get("service"), u.get("style", "")) for u in data["utterances"]]


def per_class(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per gold label."""
    report = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return report


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def summarise(cases: list[Case], predictions: list[Prediction]) -> dict[str, Any]:
    pairs = list(zip(cases, predictions, strict=True))
    classes = per_class([c.intent for c in cases], [label(p) for p in predictions])
    named = [(c, p) for c, p in pairs if c.service]
    out_of_scope = [p for c, p in pairs if c.intent == "out_of_scope"]
    in_scope = [p for c, p in pairs if c.intent != "out_of_scope"]
    return {
        "utterances": len(cases),
        "intent_accuracy": _share([c.intent == label(p) for c, p in pairs]),
        "intent_macro_f1": sum(c["f1"] for c in classes.values()) / len(classes),
        "service_top1": _share([p.services[:1] == [c.service] for c, p in named]),
        "service_top3": _share([c.service in p.services[:3] for c, p in named]),
        "service_cases": len(named),
        "out_of_scope_false_accept": _share([label(p) != "out_of_scope" for p in out_of_scope]),
        "out_of_scope_cases": len(out_of_scope),
        "in_scope_false_reject": _share([label(p) == "out_of_scope" for p in in_scope]),
        "nlu_only": {
            "intent_accuracy": _share([c.intent == nlu_label(p) for c, p in pairs]),
            "out_of_scope_false_accept": _share([nlu_label(p) != "out_of_scope" for p in out_of_scope]),
        },
        "per_intent": classes,
        "accuracy_by_style": {
            style: _share([c.intent == label(p) for c, p in group])
            for style, group in _group_by_style(cases, predictions).items()
        },
    }


def _group_by_style(cases: list[Case], predictions: list[Prediction]) -> dict[str, list[tuple[Case, Prediction]]]:
    groups: dict[str, list[tuple[Case, Prediction]]] = {}
    for case, prediction in zip(cases, predictions, strict=True):
        groups.setdefault(case.style or "unlabelled", []).append((case, prediction))
    return dict(sorted(groups.items()))


def errors(cases: list[Case], predictions: list[Prediction]) -> list[dict[str, Any]]:
    wrong = []
    for case, p in zip(cases, predictions, strict=True):
        service_wrong = case.service is not None and p.services[:1] != [case.service]
        if case.intent != label(p) or service_wrong:
            wrong.append(
                {
                    "text": case.text,
                    "intent": case.intent,
                    "predicted": label(p),
                    "model_intent": p.intent,
                    "confidence": round(p.confidence, 3),
                    "service": case.service,
                    "predicted_services": p.services[:3],
                }
            )
    return wrong


def plot_confusion(gold: list[str], predicted: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted(set(gold) | set(predicted))
    counts = Counter(zip(gold, predicted, strict=True))
    matrix = [[counts[(g, p)] for p in labels] for g in labels]
    figure, axes = plt.subplots(figsize=(11, 9))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=70, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("gold intent")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                axes.text(j, i, str(value), ha="center", va="center", fontsize=8, color="black")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


@dataclass(frozen=True)
class Parsed:
    """The model's answer for one message, before the catalogue has its say."""

    intent: str
    confidence: float
    ranking: list[str]


async def parse_one(agent: Any, text: str) -> Parsed:
    result = await agent.parse_message(text)
    model = result.get("model_intent") or result.get("intent") or {}
    ranking = [str(r.get("name")) for r in result.get("intent_ranking") or []]
    return Parsed(str(model.get("name")), float(model.get("confidence") or 0), ranking)


async def parse_all(agent: Any, texts: list[str]) -> list[Parsed]:
    return [await parse_one(agent, text) for text in texts]


async def conversation_economy(agent: Any, assistant: Any) -> None:
    """Scripted multi-turn conversations played through the model, the rules and the actions."""
    from scripts import conversations

    async def parse(text: str) -> tuple[str, list[str]]:
        parsed = await parse_one(agent, text)
        return parsed.intent, parsed.ranking

    played = [await conversations.play(c, parse, assistant) for c in conversations.load()]
    report = conversations.summarise(played)
    out = ROOT / "results" / "eval-conversations"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    transcripts = [
        {
            "id": p.conversation.id,
            "first_useful": p.first_useful,
            "verdict": p.verdict,
            "turns": list(zip(p.conversation.turns, p.replies, strict=True)),
        }
        for p in played
    ]
    (out / "transcripts.json").write_text(json.dumps(transcripts, ensure_ascii=False, indent=2), encoding="utf-8")
    print(conversations.format_summary(report) + f"\n  transcripts in {out.relative_to(ROOT)}/transcripts.json")


def outcome_reports(catalogue: Any) -> None:
    """Citizens' reports of how it went, read (scripts/outcome_eval.py)."""
    from scripts import outcome_eval

    for path, name in [(outcome_eval.OUTCOMES, "eval-outcomes"), (outcome_eval.DEV_OUTCOMES, "eval-outcomes-dev")]:
        report, wrong = outcome_eval.evaluate(outcome_eval.load(path), catalogue)
        out = ROOT / "results" / name
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "errors.json").write_text(json.dumps(wrong, ensure_ascii=False, indent=2), encoding="utf-8")
        print(outcome_eval.format_summary(report, path) + f"\n  errors in {out.relative_to(ROOT)}/errors.json")


async def life_events(agent: Any, assistant: Any) -> None:
    """Stories answered as the life event they tell of (scripts/event_eval.py)."""
    from scripts import event_eval

    async def parse(text: str) -> tuple[str, list[str]]:
        parsed = await parse_one(agent, text)
        return parsed.intent, parsed.ranking

    for path, out in [(event_eval.EVENTS, "eval-events"), (event_eval.DEV_EVENTS, "eval-events-dev")]:
        cases = event_eval.load(path)
        found = await event_eval.recognised(cases, parse, assistant)
        report = event_eval.summarise(cases, found)
        folder = ROOT / "results" / out
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        wrong = [{"text": t, "want": w, "got": g} for (t, w), g in zip(cases, found, strict=True) if w != g]
        (folder / "errors.json").write_text(json.dumps(wrong, ensure_ascii=False, indent=2), encoding="utf-8")
        print(event_eval.format_summary(report, path) + f"\n  errors in {folder.relative_to(ROOT)}/errors.json")


def predict(assistant: Any, cases: list[Case], parsed: list[Parsed]) -> list[Prediction]:
    """The catalogue's say (components/catalogue_interpreter.py) with this configuration's catalogue."""
    predictions = []
    for case, model in zip(cases, parsed, strict=True):
        services = [m.service.id for m in assistant.search(case.text)[0].matches]
        interpreted = assistant.interpret(model.intent, model.ranking, case.text)
        predictions.append(Prediction(model.intent, model.confidence, services, interpreted))
    return predictions


def write_report(
    name: str, cases: list[Case], predictions: list[Prediction], path: Path, out: Path, model: Path, seconds: float
) -> dict[str, Any]:
    report = summarise(cases, predictions)
    report["set"] = name
    report["seconds_per_utterance"] = round(seconds / len(cases), 4)
    if TRAINING_RECORD.exists():
        report["training"] = json.loads(TRAINING_RECORD.read_text())
    report["model_mb"] = round(model.stat().st_size / 1e6, 1)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    wrong = errors(cases, predictions)
    (out / "errors.json").write_text(json.dumps(wrong, ensure_ascii=False, indent=2), encoding="utf-8")
    plot_confusion([c.intent for c in cases], [label(p) for p in predictions], out / "confusion.png")
    print(format_report(report, len(wrong), path, out) + "\n")
    return report


@dataclass(frozen=True)
class ItemCase:
    text: str
    code: str  # the task_code of the item meant
    intent: str
    style: str
    subitem: bool  # the citizen's own words pick one sub-item among siblings


def load_item_cases(path: Path = IMPORTED_SET) -> list[ItemCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        ItemCase(u["text"], str(u["item"]), u["intent"], u.get("style", ""), bool(u.get("subitem")))
        for u in data["utterances"]
    ]


def summarise_items(cases: list[ItemCase], outcomes: list[tuple[str | None, list[str]]]) -> dict[str, Any]:
    """outcomes: (the code answered, or None; the codes offered as choices) per case."""
    pairs = list(zip(cases, outcomes, strict=True))
    answered = [c.code == got for c, (got, _) in pairs]
    found = [c.code == got or c.code in offered[:3] for c, (got, offered) in pairs]
    sub = [c.code == got for c, (got, _) in pairs if c.subitem]
    return {
        "utterances": len(cases),
        "items": len({c.code for c in cases}),
        "answered_or_offered": _share(found),
        "answered": _share(answered),
        "subitem_cases": len(sub),
        "subitem_answered": _share(sub),
        "by_style": {
            style: _share([f for (c, _), f in zip(pairs, found, strict=True) if (c.style or "unlabelled") == style])
            for style in sorted({c.style or "unlabelled" for c in cases})
        },
    }


def resolve_items(assistant: Any, cases: list[ItemCase]) -> list[tuple[str | None, list[str]]]:
    from bot.state import State

    outcomes: list[tuple[str | None, list[str]]] = []
    for case in cases:
        meant = assistant.resolve(case.text, State())
        outcomes.append((meant.service.code if meant.service else None, [s.code for s in meant.candidates]))
    return outcomes


def format_items(report: dict[str, Any], out: Path) -> str:
    return "\n".join(
        [
            f"imported set: {report['utterances']} questions about {report['items']} imported items "
            f"({IMPORTED_SET.relative_to(ROOT)}, written blind, never trained on), imported catalogue alone",
            f"  right item answered or offered (<= 3 choices) {report['answered_or_offered']:.1%}   (target >= 90%)",
            f"  right item answered outright                 {report['answered']:.1%}",
            f"  sub-item chosen by the citizen's words       {report['subitem_answered']:.1%}"
            f"   ({report['subitem_cases']} cases)",
            "  by style: " + ", ".join(f"{k} {v:.0%}" for k, v in report["by_style"].items()),
            f"  misses listed in {out.relative_to(ROOT)}/errors.json",
        ]
    )


async def evaluate(model: Path) -> None:
    from rasa.core.agent import Agent

    from bot.assistant import serving_assistant
    from bot.catalogue.loader import load_catalogue
    from bot.settings import load_settings
    from scripts import ear

    agent = Agent.load(str(model))

    def serving(directories: list[Path]) -> Any:
        return serving_assistant(load_catalogue(directories), load_settings().meaning_cache_dir)

    curated = serving([CURATED])
    print(ear.format_measure("curated catalogue", ear.measure(curated.catalogue)))
    sets = {name: (path, out, load_cases(path)) for name, (path, out) in SETS.items()}
    parsed: dict[str, list[Parsed]] = {}
    for name, (path, out, cases) in sets.items():
        started = time.monotonic()
        parsed[name] = await parse_all(agent, [c.text for c in cases])
        write_report(name, cases, predict(curated, cases, parsed[name]), path, out, model, time.monotonic() - started)
    await conversation_economy(agent, curated)
    await life_events(agent, curated)
    outcome_reports(curated.catalogue)
    if not IMPORTED.exists():
        print(f"eval: {IMPORTED.relative_to(ROOT)} missing: `make eval` imports it first; breadth not measured.")
        return
    started = time.monotonic()
    both = serving([CURATED, IMPORTED])
    built = time.monotonic() - started
    print(f"curated + imported catalogue: {len(both.catalogue.services)} services, built in {built:.0f} s")
    for name in ("held-out", "fourth dev"):
        path, out, cases = sets[name]
        breadth_out = out.with_name(out.name + "-with-imported")
        write_report(f"{name} (+ imported)", cases, predict(both, cases, parsed[name]), path, breadth_out, model, 0.0)
    imported = serving([IMPORTED])
    print(ear.format_measure("imported catalogue", ear.measure(imported.catalogue)))
    item_cases = load_item_cases()
    outcomes = resolve_items(imported, item_cases)
    report = summarise_items(item_cases, outcomes)
    out = ROOT / "results" / "eval-imported"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    names = {s.code: s.name for s in imported.catalogue.services.values()}
    misses = [
        {
            "text": c.text,
            "item": names.get(c.code, c.code),
            "answered": names.get(got or "", got),
            "offered": [names.get(o, o) for o in offered],
        }
        for c, (got, offered) in zip(item_cases, outcomes, strict=True)
        if c.code != got and c.code not in offered[:3]
    ]
    (out / "errors.json").write_text(json.dumps(misses, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_items(report, out))


def main() -> int:
    model = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else MODEL  # another model, to compare
    if not model.exists():
        print("eval: no trained model; run `make train` first.", file=sys.stderr)
        return 1
    asyncio.run(evaluate(model))
    return 0


def format_report(report: dict[str, Any], wrong: int, path: Path = EVAL_SET, out: Path = SETS["held-out"][1]) -> str:
    where = path.relative_to(ROOT)
    lines = [
        f"{report.get('set', 'held-out')} set: {report['utterances']} utterances ({where}, never trained on)",
        f"  intent accuracy            {report['intent_accuracy']:.1%}   (target >= 95%)",
        f"  intent macro-F1            {report['intent_macro_f1']:.3f}",
        f"  service top-1              {report['service_top1']:.1%}   (target >= 95%, {report['service_cases']} cases)",
        f"  service top-3              {report['service_top3']:.1%}",
        f"  out-of-scope false accepts {report['out_of_scope_false_accept']:.1%}   (target <= 5%, "
        f"{report['out_of_scope_cases']} cases)",
        f"  in-scope false rejects     {report['in_scope_false_reject']:.1%}",
        f"  (NLU alone, without the catalogue gate: intent accuracy {report['nlu_only']['intent_accuracy']:.1%}, "
        f"out-of-scope false accepts {report['nlu_only']['out_of_scope_false_accept']:.1%})",
        "  per intent (precision / recall / F1 / n):",
    ]
    for label, c in report["per_intent"].items():
        lines.append(f"    {label:18} {c['precision']:.2f} / {c['recall']:.2f} / {c['f1']:.2f} / {c['support']}")
    lines.append(
        "  intent accuracy by style: " + ", ".join(f"{k} {v:.0%}" for k, v in report["accuracy_by_style"].items())
    )
    training = report.get("training", {})
    lines.append(f"  training {training.get('seconds', '?')} s; model {report['model_mb']} MB")
    results = out.relative_to(ROOT)
    lines.append(f"  {wrong} errors listed in {results}/errors.json; confusion matrix {results}/confusion.png")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
