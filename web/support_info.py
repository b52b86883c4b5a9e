"""What the support pages say about support, from the corpus's
``support.yml``: priority definitions, first-response targets and the
channels of each plan (both languages). Documentation teams edit that file,
not templates; a mistake in it is reported with the file, and the line
where YAML gives one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ledger.support import PLANS, PRIORITIES
from search.index.articles import LOCALES


class SupportInfoError(ValueError):
    pass


@dataclass(frozen=True)
class PhoneLine:
    country: dict[str, str]
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class Channel:
    id: str
    plans: tuple[str, ...]
    name: dict[str, str]
    how: dict[str, str]
    phones: tuple[PhoneLine, ...]


@dataclass(frozen=True)
class SupportInfo:
    priorities: dict[str, dict[str, str]]
    first_response_hours: dict[str, dict[str, int]]
    paid_plans: tuple[str, ...]
    channels: tuple[Channel, ...]

    def response_hours(self, priority: str, plan: str) -> int:
        return self.first_response_hours[priority]["paid" if plan in self.paid_plans else "free"]

    def channels_for(self, plan: str) -> list[Channel]:
        return [channel for channel in self.channels if plan in channel.plans]


@cache
def load(path: str) -> SupportInfo:
    """The parsed file (read once per process)."""
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SupportInfoError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise SupportInfoError(f"{where}: not valid YAML") from None
    try:
        return _parse(data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SupportInfoError(f"{path}: {exc}") from None


def _parse(data: dict[str, Any]) -> SupportInfo:
    priorities = {p: _localized(data["priorities"][p], f"priorities.{p}") for p in PRIORITIES}
    hours = {p: {k: int(data["first_response_hours"][p][k]) for k in ("free", "paid")} for p in PRIORITIES}
    paid = tuple(_plans(data["paid_plans"], "paid_plans"))
    channels = tuple(_channel(item) for item in data["channels"])
    return SupportInfo(priorities, hours, paid, channels)


def _channel(item: dict[str, Any]) -> Channel:
    where = f"channels.{item['id']}"
    phones = tuple(
        PhoneLine(_localized(line["country"], f"{where}.numbers"), tuple(str(n) for n in line["numbers"]))
        for line in item.get("numbers", [])
    )
    return Channel(
        item["id"],
        tuple(_plans(item["plans"], f"{where}.plans")),
        _localized(item["name"], f"{where}.name"),
        _localized(item["how"], f"{where}.how"),
        phones,
    )


def _localized(value: dict[str, Any], where: str) -> dict[str, str]:
    missing = [locale for locale in LOCALES if not isinstance(value.get(locale), str)]
    if missing:
        raise ValueError(f"{where} has no text for {', '.join(missing)}")
    return {locale: value[locale] for locale in LOCALES}


def _plans(value: list[str], where: str) -> list[str]:
    unknown = [plan for plan in value if plan not in PLANS]
    if unknown:
        raise ValueError(
            f"{where}: unknown plan(s) {', '.join(map(str, unknown))}; known: {', '.join(PLANS)}"
        )
    return value
