"""What to do when a drift monitor fires: three questions in order, and where each answer leads."""

from diagrams.onprem.monitoring import Grafana
from house_style import box, diagram, edge, row

TITLE = "Drift triage flow"
DESCRIPTION = (
    "A drift alert starts a triage of three questions asked in order. First: is the data broken? "
    "Check the schema, null rates, units, row volumes, recent upstream deploys and recompute a "
    "sample of served features offline to look for training-serving skew. If yes, fix the "
    "pipeline, backfill, and roll back or disable the feature; do not retrain on broken data. If "
    "no, second: is the change expected, such as seasonality, a product launch, a marketing "
    "campaign or a new market? If yes, annotate the alert and compare against a seasonal "
    "reference such as the same hour last week. If no, third: does it hurt? Look at the model's "
    "score distribution, proxy metrics, the first labels and the important slices. If it does "
    "not hurt, record it and keep watching, and review the threshold. If it does, mitigate: "
    "recalibrate the decision threshold, fall back to the previous model or a rule, or retrain "
    "on recent data. Every incident ends by adding a validation rule or data contract to the "
    "monitors, which feeds back to the start."
)

with diagram(direction="TB", nodesep="0.6", ranksep="0.45"):
    alert = Grafana("Drift alert", group="q")
    broken = box(
        "1. Is the data broken?\nschema, nulls, units, volume,\nupstream deploys, skew check",
        tone="online",
        group="q",
    )
    fix = box("Fix the pipeline, backfill,\nroll back the feature.\nDo not retrain on it.")
    expected = box(
        "2. Is the change expected?\nseasonality, launch,\ncampaign, new market",
        tone="online",
        group="q",
    )
    annotate = box("Annotate; compare with a\nseasonal reference (same\nhour last week)")
    hurts = box(
        "3. Does it hurt?\nscore distribution, proxies,\nfirst labels, key slices",
        tone="online",
        group="q",
    )
    watch = box("Record and watch;\nreview the threshold")
    mitigate = box(
        "Mitigate: recalibrate the\nthreshold, fall back, or\nretrain on recent data",
        tone="offline",
        group="q",
    )
    learn = box("Add a validation rule\nor data contract", tone="offline")

    alert >> edge() >> broken
    broken >> edge("yes") >> fix
    broken >> edge("no") >> expected
    expected >> edge("yes") >> annotate
    expected >> edge("no") >> hurts
    hurts >> edge("no") >> watch
    hurts >> edge("yes") >> mitigate
    mitigate >> edge() >> learn
    fix >> edge() >> learn
    alert << edge("new checks", kind="feedback") << learn

    row(broken, fix)
    row(expected, annotate)
    row(hurts, watch)
    row(mitigate, learn)
