"""Where to get certified: places filtered by state and municipality (GET parameters, so
the filters work without JavaScript; their choices come from the data), and a map of
Mexico's 32 states shaded by how many centres each has, drawn on the server as SVG.

The state outlines (data/mexico_states.json) are @svg-maps/mexico from npm, CC BY 4.0,
simplified; the file says how, and the map credits it.
"""

import json
import math
from collections import Counter
from functools import cache
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conocer.core.choices import MexicanState

MAP_DATA = Path(__file__).with_name("data") / "mexico_states.json"
SHADES = 4  # shades for states with centres, besides the one for states without any

NO_SUCH_STATE = _("Nothing is accredited in that state at the moment; choose one from the "
                  "list.")
NO_SUCH_MUNICIPALITY = _("No accredited centre is in that municipality at the moment; "
                         "choose one from the list, or all municipalities.")


def state_name(code: str) -> str:
    return MexicanState(code).label


def municipality_field(places, chosen_state: str) -> forms.ChoiceField:
    """Municipalities of `places` ((state, municipality) pairs), of the chosen state
    only when one is chosen; without one each says its state (names repeat: there is a
    Benito Juárez in several states)."""
    seen = sorted({(state, town) for state, town in places
                   if town and (not chosen_state or state == chosen_state)},
                  key=lambda p: (p[1], state_name(p[0])))
    states_of = Counter(town for _state, town in seen)
    # Without a state, a name shared by several states stands for all of them: offered
    # once, without a state.
    choices = {town: town if chosen_state or states_of[town] > 1
               else f"{town} ({state_name(state)})" for state, town in seen}
    return forms.ChoiceField(
        label=_("Municipality"), required=False,
        error_messages={"invalid_choice": NO_SUCH_MUNICIPALITY},
        choices=[("", _("All the municipalities")), *choices.items()])


class PlaceFilterForm(forms.Form):
    """State and municipality, with choices from `places`: (state, municipality) pairs of
    the centres and assessors shown (an assessor's municipality is empty)."""

    state = forms.ChoiceField(label=_("State"), required=False,
                              error_messages={"invalid_choice": NO_SUCH_STATE})

    def __init__(self, data=None, *, places, **kwargs):
        super().__init__(data, **kwargs)
        states = sorted({state for state, _town in places}, key=state_name)
        self.fields["state"].choices = [("", _("All states"))] + [
            (code, state_name(code)) for code in states]
        chosen = (data or {}).get("state", "")
        self.fields["municipality"] = municipality_field(
            places, chosen if chosen in states else "")

    def chosen(self) -> tuple[str, str]:
        """(state, municipality) as far as they are valid: a wrong municipality shows its
        error and still leaves the state's list."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("state", ""), data.get("municipality", "")


@cache
def _outlines() -> dict:
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


def _shade(n: int, step: int, bins: int) -> int:
    """The shade of a state with `n` centres: its bin of `step` centres, spread over the
    shades so that the state with the most centres is always the darkest."""
    return round(math.ceil(n / step) * SHADES / bins) if n else 0


def _legend(top: int, step: int, bins: int) -> list[dict]:
    legend = [{"shade": 0, "label": _("No accredited centre")}]
    for bin_ in range(1, bins + 1):
        low, high = (bin_ - 1) * step + 1, min(bin_ * step, top)
        if low == high:
            label = ngettext("%(n)s centre accredited", "%(n)s centres accredited",
                             low) % {"n": low}
        else:
            label = _("%(low)s to %(high)s centres") % {"low": low, "high": high}
        legend.append({"shade": _shade(low, step, bins), "label": label})
    return legend


def state_map(counts: dict[str, int], *, link, current: str = "") -> dict:
    """What templates/bodies/state_map.html draws: each state's outline, name, number of
    centres, shade and (when it has centres) `link(code)`, the list filtered to it."""
    top = max(counts.values(), default=0)
    step = max(1, math.ceil(top / SHADES))
    bins = math.ceil(top / step)
    outlines = _outlines()
    states = []
    for code, outline in outlines["states"].items():
        n = counts.get(code, 0)
        name = state_name(code)
        states.append({
            "code": code, "name": name, "outline": outline, "count": n,
            "shade": _shade(n, step, bins), "current": code == current,
            "href": link(code) if n else "",
            "label": ngettext("%(state)s, %(n)s centre", "%(state)s, %(n)s centres", n) % {
                "state": name, "n": n} if n else _("%(state)s, no centres") % {"state": name},
        })
    return {"view_box": outlines["viewBox"], "states": states, "legend": _legend(top, step, bins),
            "listed": sorted((s for s in states if s["count"]), key=lambda s: s["name"])}
