"""The fixed taxonomy (levels, parts, topics) in data/taxonomy.yml: one home for every tag."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from guidekit import ROOT, load_yaml

TAXONOMY_FILE = ROOT / "data" / "taxonomy.yml"


@dataclass(frozen=True)
class Taxonomy:
    levels: tuple[str, ...]
    topics_by_part: dict[str, tuple[str, ...]]
    titles: dict[str, str] = field(default_factory=dict)  # part -> its title

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(t for topics in self.topics_by_part.values() for t in topics)

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(self.levels) | frozenset(self.topics)


def load(path: Path = TAXONOMY_FILE) -> Taxonomy:
    raw = load_yaml(path.read_text(encoding="utf-8"))
    parts = {name: tuple(part["topics"]) for name, part in raw["parts"].items()}
    titles = {name: part.get("title", name) for name, part in raw["parts"].items()}
    return Taxonomy(levels=tuple(raw["levels"]), topics_by_part=parts, titles=titles)


@cache
def default() -> Taxonomy:
    return load()


def schema_with_taxonomy(schema_file: Path, tax: Taxonomy) -> dict:
    """A JSON schema whose $defs `level` and `topic` (those it has) take their allowed values
    from `tax`."""
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for name, values in (("level", tax.levels), ("topic", tax.topics)):
        if name in schema["$defs"]:
            schema["$defs"][name]["enum"] = list(values)
    return schema
