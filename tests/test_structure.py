"""The architecture holds: each app uses only the apps below it, no modules import each
other in a circle, no module grows past 400 lines, and templates and url names respect the
same layers as imports.

The first tests read the real repository. The rest build small made-up projects in a
temporary folder and prove that each check does catch what it is meant to catch, so that a
green run on the repository means something.
"""

import textwrap
from pathlib import Path

import pytest

from tests import structure

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def eager_celery():
    """Replaces the suite's autouse fixture: these tests only read files, so they need no
    Django settings and no signing keys, and run the same with or without pytest-django."""
    yield


def shown(problems):
    return "\n" + "\n".join(problems)


# --- The real repository -----------------------------------------------------------------

def test_no_app_imports_a_higher_app():
    problems = structure.layer_violations(ROOT)
    assert problems == [], shown(problems)


def test_no_module_import_cycle():
    problems = structure.module_cycles(ROOT)
    assert problems == [], shown(problems)


def test_no_module_over_400_lines():
    problems = structure.long_modules(ROOT)
    assert problems == [], shown(problems)


def test_no_template_uses_tags_urls_or_templates_of_a_higher_app():
    problems = structure.template_violations(ROOT)
    assert problems == [], shown(problems)


def test_no_python_url_name_of_a_higher_app():
    problems = structure.python_url_violations(ROOT)
    assert problems == [], shown(problems)


# --- Made-up projects ----------------------------------------------------------------------

# A small project laid out as the table says, where every app uses what it may and nothing
# else. Each test below adds or replaces a file or two to break one rule.
CLEAN_TREE = {
    "conocer/__init__.py": "",
    "conocer/settings.py": "DEBUG = False\n",
    "conocer/urls.py": """
        from django.urls import include, path

        from bodies import urls as bodies_urls
        from certification.issuance import urls as issuance_urls
        from standards import urls as standards_urls

        urlpatterns = [path("", include(standards_urls)), path("b/", include(bodies_urls)),
                       path("i/", include(issuance_urls))]
    """,
    "conocer/core/__init__.py": "",
    "conocer/core/audit.py": "def record_event(what):\n    return what\n",
    "certification/__init__.py": "",
    "certification/trust/__init__.py": "",
    "certification/trust/signing.py": "from conocer.core.audit import record_event\n",
    "standards/__init__.py": "",
    "standards/models.py": "from conocer.core import audit\n",
    "standards/urls.py": 'app_name = "standards"\nurlpatterns = []\n',
    "standards/views.py": """
        from django.shortcuts import redirect

        from . import models


        def catalogue(request):
            return redirect("standards:catalogue")
    """,
    "standards/templatetags/__init__.py": "",
    "standards/templatetags/standards_tags.py": "",
    "standards/migrations/__init__.py": "",
    "bodies/__init__.py": "",
    "bodies/urls.py": 'app_name = "bodies"\nurlpatterns = []\n',
    "bodies/views.py": """
        from django.urls import reverse

        from standards.models import audit


        def directory(request):
            return reverse("standards:catalogue")
    """,
    "bodies/templatetags/__init__.py": "",
    "bodies/templatetags/bodies_tags.py": "from standards.templatetags import standards_tags\n",
    "certification/assessment/__init__.py": "",
    "certification/assessment/urls.py": 'app_name = "assessment"\nurlpatterns = []\n',
    "certification/assessment/views.py": """
        from django.shortcuts import redirect

        from bodies import views as bodies_views


        def save(request):
            return redirect("bodies:directory")
    """,
    "certification/issuance/__init__.py": "",
    "certification/issuance/urls.py": 'app_name = "issuance"\nurlpatterns = []\n',
    "certification/issuance/models.py": "from ..trust import signing\n",
    "certification/issuance/services.py": """
        from ..assessment import views
        from . import models
    """,
    "certification/verification/__init__.py": "",
    "certification/verification/urls.py": 'app_name = "verification"\nurlpatterns = []\n',
    "certification/verification/views.py": (
        "from certification.issuance.services import models\n"
    ),
    "templates/base.html": "{% load i18n static %}<a href=\"{% url 'standards:catalogue' %}\">",
    "templates/pagination.html": "",
    "templates/standards/catalogue.html": """
        {% extends "base.html" %}
        {% load i18n static standards_tags %}
        <a href="{% url 'standards:catalogue' %}">{% url 'admin:index' %}</a>
        {% include "pagination.html" %}
    """,
    "templates/bodies/directory.html": """
        {% extends "base.html" %}
        {% load standards_tags bodies_tags %}
        {% url "standards:catalogue" %} {% url 'bodies:directory' %}
    """,
    "templates/certification/assessment/detail.html": (
        '{% extends "base.html" %}{% load bodies_tags %}{% url "bodies:directory" %}\n'
    ),
    "templates/certification/issuance/request.html": (
        '{% include "certification/assessment/detail.html" %}{% url "assessment:save" %}\n'
    ),
}


def make_tree(root, changes=None):
    """Writes the clean project under `root` with `changes` (path -> text) on top."""
    for name, text in {**CLEAN_TREE, **(changes or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def lines(count):
    return "".join(f"x{n} = {n}\n" for n in range(count))


def test_a_clean_project_has_no_problems(tmp_path):
    assert structure.all_problems(make_tree(tmp_path)) == []


def test_modules_belong_to_the_most_specific_app_folder():
    assert structure.app_of_module("certification.issuance.services.requests") == "issuance"
    assert structure.app_of_module("conocer.core.audit") == "core"
    assert structure.app_of_module("conocer.core") == "core"
    assert structure.app_of_module("conocer.settings") == "wiring"
    assert structure.app_of_module("conocer.corelike") == "wiring"
    assert structure.app_of_module("certification") is None
    assert structure.app_of_module("certification.services") is None


# Layers

def test_core_may_not_import_standards(tmp_path):
    make_tree(tmp_path, {"conocer/core/audit.py": "from standards import models\n"})
    assert structure.layer_violations(tmp_path) == [
        "conocer/core/audit.py:1 imports standards.models "
        "(core may import only: nothing of the project)"
    ]


def test_trust_may_not_import_bodies(tmp_path):
    make_tree(tmp_path, {"certification/trust/signing.py": "import bodies.views\n"})
    assert structure.layer_violations(tmp_path) == [
        "certification/trust/signing.py:1 imports bodies.views (trust may import only: core)"
    ]


def test_standards_may_not_import_bodies(tmp_path):
    make_tree(tmp_path, {"standards/views.py": "from bodies.templatetags import bodies_tags\n"})
    assert structure.layer_violations(tmp_path) == [
        "standards/views.py:1 imports bodies.templatetags.bodies_tags "
        "(standards may import only: core)"
    ]


def test_an_import_inside_a_function_counts(tmp_path):
    make_tree(tmp_path, {"standards/models.py": """
        def count_bodies():
            from bodies.views import directory

            return directory
    """})
    assert structure.layer_violations(tmp_path) == [
        "standards/models.py:2 imports bodies.views (standards may import only: core)"
    ]


def test_an_import_for_type_checking_only_counts(tmp_path):
    make_tree(tmp_path, {"bodies/views.py": """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from certification.assessment.views import save
    """})
    assert structure.layer_violations(tmp_path) == [
        "bodies/views.py:4 imports certification.assessment.views "
        "(bodies may import only: standards, core)"
    ]


def test_a_relative_import_climbing_to_a_higher_app_counts(tmp_path):
    make_tree(tmp_path, {
        "certification/issuance/models.py": "",
        "certification/assessment/services/__init__.py": "",
        "certification/assessment/services/scoring.py": "from ...issuance import models\n",
        "certification/assessment/views.py": "from ..issuance import services\n",
    })
    assert structure.layer_violations(tmp_path) == [
        "certification/assessment/services/scoring.py:1 imports certification.issuance.models "
        "via `from ...issuance import models` (assessment may import only: bodies, standards, "
        "core)",
        "certification/assessment/views.py:1 imports certification.issuance.services "
        "via `from ..issuance import services` (assessment may import only: bodies, standards, "
        "core)",
    ]


def test_a_name_from_a_higher_package_init_counts(tmp_path):
    make_tree(tmp_path, {"standards/views.py": "from bodies import VERSION\n"})
    assert structure.layer_violations(tmp_path) == [
        "standards/views.py:1 imports bodies via `from bodies import VERSION` "
        "(standards may import only: core)"
    ]


def test_importing_a_module_that_belongs_to_no_app_counts(tmp_path):
    make_tree(tmp_path, {
        "certification/folio.py": "",
        "bodies/views.py": "from certification import folio\n",
    })
    assert structure.layer_violations(tmp_path) == [
        "bodies/views.py:1 imports certification.folio, which belongs to no app "
        "(bodies may import only: standards, core)"
    ]


def test_a_file_that_does_not_parse_is_reported(tmp_path):
    make_tree(tmp_path, {"bodies/views.py": "def broken(:\n"})
    [problem] = structure.layer_violations(tmp_path)
    assert problem.startswith("bodies/views.py cannot be parsed")


# Cycles

def test_a_two_module_cycle_through_a_function_level_import_is_found(tmp_path):
    make_tree(tmp_path, {
        "standards/services.py": "from . import selectors\n",
        "standards/selectors.py": """
            def latest():
                from .services import publish

                return publish
        """,
    })
    assert structure.module_cycles(tmp_path) == [
        "cycle: standards/selectors.py -> standards/services.py -> standards/selectors.py "
        "(imports at standards/selectors.py:2, standards/services.py:1)"
    ]


def test_a_package_init_importing_its_own_submodules_is_not_a_cycle(tmp_path):
    make_tree(tmp_path, {
        "certification/issuance/__init__.py": "from . import services, views\n",
        "certification/issuance/views.py": "from .services import models\n",
    })
    assert structure.module_cycles(tmp_path) == []


def test_a_submodule_importing_back_its_package_init_is_a_cycle(tmp_path):
    make_tree(tmp_path, {
        "bodies/__init__.py": "from . import views\n\nVERSION = 1\n",
        "bodies/views.py": "from bodies import VERSION\n",
    })
    assert structure.module_cycles(tmp_path) == [
        "cycle: bodies/__init__.py -> bodies/views.py -> bodies/__init__.py "
        "(imports at bodies/__init__.py:1, bodies/views.py:1)"
    ]


def test_a_submodule_importing_a_sibling_through_its_package_is_not_a_cycle(tmp_path):
    # `from . import models` needs bodies.models, not the names of a half-run bodies/__init__.
    make_tree(tmp_path, {
        "bodies/__init__.py": "from . import views\n",
        "bodies/models.py": "",
        "bodies/views.py": "from . import models\n",
    })
    assert structure.module_cycles(tmp_path) == []


def test_a_module_importing_itself_is_a_cycle(tmp_path):
    make_tree(tmp_path, {"standards/models.py": "import standards.models\n"})
    assert structure.module_cycles(tmp_path) == [
        "cycle: standards/models.py -> standards/models.py (imports at standards/models.py:1)"
    ]


def test_a_longer_cycle_is_reported_once_with_every_module(tmp_path):
    make_tree(tmp_path, {
        "standards/a.py": "from . import b\n",
        "standards/b.py": "from . import c\n",
        "standards/c.py": "from . import a\n",
    })
    assert structure.module_cycles(tmp_path) == [
        "cycle: standards/a.py -> standards/b.py -> standards/c.py -> standards/a.py "
        "(imports at standards/a.py:1, standards/b.py:1, standards/c.py:1)"
    ]


# Length

def test_a_module_of_401_lines_is_too_long_and_one_of_400_is_not(tmp_path):
    make_tree(tmp_path, {"bodies/services.py": lines(401), "bodies/selectors.py": lines(400)})
    assert structure.long_modules(tmp_path) == [
        "bodies/services.py has 401 lines (limit 400): split it into smaller modules"
    ]


def test_migrations_tests_and_benchmarks_may_be_long(tmp_path):
    make_tree(tmp_path, {
        "standards/migrations/0001_initial.py": lines(500),
        "tests/test_everything.py": lines(500),
        "bench/bench_everything.py": lines(500),
        ".venv/lib/site.py": lines(500),
    })
    assert structure.long_modules(tmp_path) == []


# Templates

def test_a_standards_template_may_not_load_the_bodies_tags(tmp_path):
    make_tree(tmp_path, {
        "templates/standards/detail.html": """
            {% load i18n bodies_tags %}
            {% load accreditation_badge from bodies_tags %}
        """,
    })
    assert structure.template_violations(tmp_path) == [
        "templates/standards/detail.html:1 loads tag library bodies_tags of bodies "
        "(standards may use only: core)",
        "templates/standards/detail.html:2 loads tag library bodies_tags of bodies "
        "(standards may use only: core)",
    ]


def test_a_standards_template_may_not_link_to_a_bodies_url(tmp_path):
    make_tree(tmp_path, {
        "templates/standards/detail.html": """
            <a href="{% url 'bodies:directory' %}">
            <a href="{% url "bodies:body" body.pk %}">
        """,
    })
    assert structure.template_violations(tmp_path) == [
        "templates/standards/detail.html:1 links to url 'bodies:directory' of bodies "
        "(standards may use only: core)",
        "templates/standards/detail.html:2 links to url 'bodies:body' of bodies "
        "(standards may use only: core)",
    ]


def test_an_assessment_template_may_not_include_or_extend_an_issuance_template(tmp_path):
    make_tree(tmp_path, {
        "templates/certification/issuance/x.html": "",
        "templates/certification/assessment/detail.html": """
            {% extends "certification/issuance/x.html" %}
            {% include 'certification/issuance/x.html' with request=request %}
        """,
    })
    allowed = "(assessment may use only: bodies, standards, core)"
    assert structure.template_violations(tmp_path) == [
        "templates/certification/assessment/detail.html:1 extends "
        f"certification/issuance/x.html, a template of issuance {allowed}",
        "templates/certification/assessment/detail.html:2 includes "
        f"certification/issuance/x.html, a template of issuance {allowed}",
    ]


def test_a_tag_in_a_template_comment_does_not_count(tmp_path):
    make_tree(tmp_path, {
        "templates/standards/detail.html": """
            {# {% url 'bodies:directory' %} #}
            {% comment %}
            {% load bodies_tags %}
            {% endcomment %}
        """,
    })
    assert structure.template_violations(tmp_path) == []


def test_a_wiring_template_may_use_any_url_tag_library_or_template(tmp_path):
    make_tree(tmp_path, {
        "templates/base.html": """
            {% load bodies_tags standards_tags %}
            {% url 'verification:verify' %} {% url 'issuance:requests' %}
            {% include "certification/issuance/request.html" %}
        """,
        "templates/registration/login.html": "{% url 'verification:verify' %}",
    })
    assert structure.template_violations(tmp_path) == []


def test_a_namespace_declared_in_a_urls_package_is_known(tmp_path):
    make_tree(tmp_path, {
        "certification/verification/public/urls/web.py": 'app_name = "public"\n',
        "certification/verification/urls_api.py": 'app_name: str = "verify_api"\n',
        "templates/certification/issuance/request.html": (
            "{% url 'public:verify' %}{% url 'verify_api:folio' %}"
        ),
    })
    allowed = "(issuance may use only: assessment, bodies, standards, trust, core)"
    assert structure.template_violations(tmp_path) == [
        f"templates/certification/issuance/request.html:1 links to url 'public:verify' of "
        f"verification {allowed}",
        f"templates/certification/issuance/request.html:1 links to url 'verify_api:folio' of "
        f"verification {allowed}",
    ]


# Url names in Python

def test_an_assessment_view_may_not_redirect_to_an_issuance_url(tmp_path):
    make_tree(tmp_path, {
        "certification/assessment/views.py": """
            from django import urls
            from django.shortcuts import redirect


            def save(request):
                if request.POST:
                    return redirect("issuance:requests")
                return urls.reverse("verification:verify")
        """,
    })
    allowed = "(assessment may use only: bodies, standards, core)"
    assert structure.python_url_violations(tmp_path) == [
        "certification/assessment/views.py:7 redirect('issuance:requests') names a url of "
        f"issuance {allowed}",
        "certification/assessment/views.py:8 reverse('verification:verify') names a url of "
        f"verification {allowed}",
    ]
