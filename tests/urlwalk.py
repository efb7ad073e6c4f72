"""Every URL pattern of the project, filled with real values: for the tests that must
visit every address (the security headers, the permission matrix).

    walk = urls({"standards:detail": {"code": standard.code}, "*": {"format": "json"}})
    for name, path in walk: ...

`values` maps a pattern's name (for an unnamed pattern, its route as
`ResolverMatch.route` shows it, e.g. "admin/(?P<url>.*)$") to its parameters; "*" holds
parameters shared by every pattern. A name's values may be a superset: each pattern
takes the parameters it has (a DRF route and its `.json` twin share a name). The
admin's own pages for one object (`…/<path:object_id>/change/`, history, delete, the
user's password form, extra pages such as a device's QR code) are filled with the first
row of their model, so a model registered in the admin needs no values here, only a row.

A pattern left without a value raises `MissingValues` naming all of them: a URL added to
the project fails the walking tests until someone says how to reach it. Every path
produced is resolved back and must land on its own pattern.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced, "issuance:approve"; None when the pattern has no name
    route: str  # as ResolverMatch.route shows it
    parts: tuple  # the URLResolver/URLPattern pattern objects, from the root down

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def parameters(self) -> list[str]:
        _, parameters = self._candidates()[0]
        return parameters

    def _candidates(self) -> list[tuple[str, list[str]]]:
        regex = "".join(part.regex.pattern.removeprefix("^") for part in self.parts)
        return normalize(regex)

    def converter(self, parameter):
        for part in self.parts:
            if parameter in getattr(part, "converters", {}):
                return part.converters[parameter]
        return None

    def fill(self, values: Mapping[str, object]) -> str:
        """The path of this pattern with `values` in its parameters."""
        for template, parameters in self._candidates():
            if set(parameters) <= set(values):
                filled = {}
                for parameter in parameters:
                    converter = self.converter(parameter)
                    value = values[parameter]
                    filled[parameter] = converter.to_url(value) if converter else str(value)
                return "/" + template % filled
        raise MissingValues([self])


class MissingValues(Exception):
    def __init__(self, patterns):
        self.patterns = list(patterns)
        super().__init__("No values for the parameters of: " + ", ".join(
            f"{p.key} {p.parameters}" for p in self.patterns))


def patterns(urlconf=None) -> list[Pattern]:
    """Every URL pattern, depth first, in the order Django tries them."""
    found = []

    def visit(resolver, namespace, parts, route):
        for entry in resolver.url_patterns:
            here = route + str(entry.pattern).removeprefix("^") if route else str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                visit(entry, inner, (*parts, entry.pattern), here)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                found.append(Pattern(name=name, route=here, parts=(*parts, entry.pattern)))

    visit(get_resolver(urlconf), None, (), "")
    return found


def admin_values(pattern: Pattern, admin_prefix: str = "admin/") -> dict:
    """Values for the admin's pages about one object: the first row of the model named
    in the route (`admin/<app>/<model>/…`)."""
    if not pattern.route.startswith(admin_prefix):
        return {}
    pieces = pattern.route.removeprefix(admin_prefix).split("/")
    if len(pieces) < 3 or not {"object_id", "id", "pk"} & set(pattern.parameters):
        return {}
    try:
        model = apps.get_model(pieces[0], pieces[1])
    except (LookupError, ValueError):
        return {}
    row = model._default_manager.order_by("pk").first()
    return {} if row is None else {"object_id": row.pk, "id": row.pk, "pk": row.pk}


def urls(values: Mapping[str, Mapping[str, object]], urlconf=None) -> list[tuple[str, str]]:
    """(name, path) for every URL pattern (the route stands for the name of an unnamed
    one). Raises MissingValues when some pattern's parameters have no value."""
    shared = values.get("*", {})
    walked, missing = [], []
    for pattern in patterns(urlconf):
        given = {**shared, **admin_values(pattern), **values.get(pattern.key, {})}
        try:
            path = pattern.fill(given)
        except MissingValues:
            missing.append(pattern)
            continue
        match = resolve(path, urlconf)
        if match.route != pattern.route:
            raise AssertionError(f"{path} (for {pattern.key}) resolves to {match.route}")
        walked.append((pattern.key, path))
    if missing:
        raise MissingValues(missing)
    return walked
