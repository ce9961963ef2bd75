"""The fixed taxonomy (levels, parts, topics) in data/taxonomy.yml: one home for every tag."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from guidekit import ROOT

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
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts = {name: tuple(part["topics"]) for name, part in raw["parts"].items()}
    titles = {name: part.get("title", name) for name, part in raw["parts"].items()}
    return Taxonomy(levels=tuple(raw["levels"]), topics_by_part=parts, titles=titles)


@cache
def default() -> Taxonomy:
    return load()
