"""The model optimisation pipeline: compress, compile, then gate on quality and latency."""

from diagrams.generic.storage import Storage
from diagrams.onprem.compute import Server
from diagrams.programming.flowchart import MultipleDocuments
from house_style import box, cluster, diagram, edge, row

TITLE = "From a trained model to an optimised serving artefact behind a quality and latency gate"
DESCRIPTION = (
    "A trained model in BF16 is first profiled on the target hardware to find the bottleneck: "
    "memory capacity, memory bandwidth, compute or overhead. Then come optional compression "
    "steps: distillation into a smaller student, pruning or 2:4 sparsity, and quantisation "
    "using a calibration set drawn from production traffic. The result is compiled for the "
    "target hardware, with fused kernels and captured graphs. A gate compares the candidate "
    "with the original on quality by slice and on latency, throughput and memory; a candidate "
    "that passes goes to the model registry and then to serving, and one that fails sends the "
    "team back to choose a milder compression step."
)

with diagram(direction="TB", nodesep="0.5", ranksep="0.7"):
    trained = MultipleDocuments("Trained model\n(BF16)")
    calib = Storage("Calibration and\neval sets")

    with cluster("Compress (each step optional)", tone="offline"):
        profile = box("Profile on target:\nwhich bound?")
        distil = box("Distil into\na student")
        prune = box("Prune or\n2:4 sparsity")
        quant = box("Quantise\nFP8 / INT8 / INT4")

    with cluster("Build and gate", tone="online"):
        compile_step = box("Compile: fuse,\ngraphs, autotune")
        gate = box("Gate: quality by slice,\nlatency, memory")
        registry = MultipleDocuments("Registry")
        serving = Server("Serving")

    trained >> edge() >> profile >> edge() >> distil >> edge() >> prune >> edge() >> quant
    quant >> edge() >> compile_step
    gate << edge() << compile_step
    registry << edge("pass") << gate
    serving << edge("deploy") << registry
    quant << edge("calibrate", kind="async") << calib
    gate << edge("evaluate", kind="async") << calib
    profile << edge("fail: milder step", kind="feedback") << gate

    row(trained, profile, distil, prune, quant)
    row(serving, registry, gate, compile_step)
