"""measure/builds.py: the build timings `make bench` reports."""

from __future__ import annotations

from measure.builds import BUILD_TARGETS, build_summary, build_verdicts, time_builds
from tests.conftest import FIXTURE_CORPUS


def test_build_timings_of_a_small_corpus(tmp_path):
    result = time_builds(FIXTURE_CORPUS, 1, tmp_path)
    assert result["articles"] == 14
    for figure in ("first_s", "full_s", "full_one_core_s", "unchanged_s", "edit_s"):
        assert result[figure] > 0
    assert 0 < result["full_cpu_s"] < 2 * result["full_s"] * result["cores"]
    assert result["edit_rewritten_documents"] == 14  # one segment: the edited article's
    assert (FIXTURE_CORPUS / "en").is_dir() and not list(tmp_path.iterdir())  # the copy is gone
    assert "one-article edit" in build_summary([result])


def test_build_targets_are_judged_at_their_size():
    sizes = [{"factor": 1, "full_s": 1.2}, {"factor": 30, "full_s": 25.0, "edit_s": 1.0}]
    verdicts = {t["target"]: t["met"] for t in build_verdicts(sizes)}
    assert list(verdicts.values()) == [True, False, True]
    assert len(verdicts) == len(BUILD_TARGETS)
    assert [t["met"] for t in build_verdicts(sizes[:1])] == [True, None, None]
