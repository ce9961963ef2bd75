"""Point-in-time (as-of) join versus a snapshot join when building training rows."""

from diagrams.generic.database import SQL
from diagrams.generic.storage import Storage
from diagrams.onprem.compute import Server
from diagrams.programming.flowchart import Document, PredefinedProcess
from house_style import cluster, diagram, edge, row

TITLE = "Point-in-time join versus snapshot join"
DESCRIPTION = (
    "Label events, one row per payment with the user, the payment time t and the fraud label, "
    "can be joined to features in two ways. Correct path: the feature history table keeps every "
    "value of a user's feature with the time it became available; an as-of join picks, for each "
    "label row, the latest value whose availability time is before t, giving point-in-time "
    "training rows. At serving time the model server reads the same value from the online "
    "store, because nothing later exists yet, so training matches serving. Leaky path: a "
    "snapshot table holds only today's value per user; joining on the user alone copies "
    "today's value onto every historical row, including information from after t, so the "
    "training rows leak the future and the model meets different values at serving time."
)

with diagram(direction="LR", nodesep="0.5", ranksep="1.0"):
    labels = Document("Label events\n(user, paid at t,\nfraud?)")

    with cluster("Point-in-time correct", tone="offline"):
        history = SQL("Feature history\n(user, value,\navailable_at)")
        as_of = PredefinedProcess("As-of join:\nlatest value with\navailable_at < t")
        good_rows = Storage("Training rows\nas of t")

    with cluster("Leaky", tone="neutral"):
        snapshot = SQL("Snapshot table\n(user, value today)")
        naive = PredefinedProcess("Join on\nuser only")
        bad_rows = Storage("Training rows\nwith today's values")

    with cluster("Serving at time t", tone="online"):
        server = Server("Model server\nreads the value\nknown at t")

    labels >> edge("user, t") >> as_of
    history >> edge("values over time") >> as_of
    as_of >> edge("one row per label") >> good_rows

    labels >> edge("user") >> naive
    snapshot >> edge("latest value") >> naive
    naive >> edge("values from after t") >> bad_rows

    # Undirected dashed links: a comparison, not a data flow.
    good_rows - edge("same values\nas serving", kind="async") - server
    bad_rows - edge("differs from\nserving: skew", kind="async") - server

    row(history, snapshot)
