"""`make eval`: how well the trained assistant understands phrasings it was not trained on.

Four sets, none ever used for training: tests/eval/ is held out (written blind to the training
data, and not looked at while tuning); tests/dev/ holds three sets for tuning (each written blind,
each fresh when first measured). For each, asks the trained model for each utterance's intent
and the catalogue search for its service, and prints and writes to results/eval*/: intent
accuracy and macro-F1, service top-1 and top-3, the out-of-scope false-accept rate, per-intent
errors, a confusion-matrix PNG, training time and model size. The targets are judged on the
held-out set.
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


async def predict(agent: Any, index: Any, cases: list[Case]) -> list[Prediction]:
    predictions = []
    for case in cases:
        parsed = await agent.parse_message(case.text)
        final = parsed.get("intent") or {}
        model = parsed.get("model_intent") or final  # set by components.catalogue_interpreter
        services = [m.service.id for m in index.search(case.text).matches]
        confidence = float(model.get("confidence") or 0)
        predictions.append(Prediction(str(model.get("name")), confidence, services, str(final.get("name"))))
    return predictions


async def evaluate(model: Path) -> None:
    from rasa.core.agent import Agent

    from bot.assistant import Assistant
    from bot.catalogue.loader import load_catalogue
    from bot.settings import load_settings

    agent = Agent.load(str(model))
    index = Assistant(load_catalogue(load_settings().catalogue_dir)).index
    for name, (path, out) in SETS.items():
        cases = load_cases(path)
        started = time.monotonic()
        predictions = await predict(agent, index, cases)
        report = summarise(cases, predictions)
        report["set"] = name
        report["seconds_per_utterance"] = round((time.monotonic() - started) / len(cases), 4)
        if TRAINING_RECORD.exists():
            report["training"] = json.loads(TRAINING_RECORD.read_text())
        report["model_mb"] = round(model.stat().st_size / 1e6, 1)
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        wrong = errors(cases, predictions)
        (out / "errors.json").write_text(json.dumps(wrong, ensure_ascii=False, indent=2), encoding="utf-8")
        plot_confusion([c.intent for c in cases], [label(p) for p in predictions], out / "confusion.png")
        print(format_report(report, len(wrong), path, out) + "\n")


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
