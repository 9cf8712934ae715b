"""A late penalty per day late, for nbgrader's ``AssignLatePenalties`` (named in ``nbgrader_config.py``).

    penalty = score * min(1, percent_per_day / 100 * ceil(seconds_late / 86400))

so with the default 10 % a submission 1 second to 24 hours late loses 10 % of its score, 24 to 48 hours
20 %, and from 10 days on all of it. nbgrader's own plugin knows only "none" and "zero". The due date is the
assignment's in the gradebook (``nbgrader db assignment add ID --duedate=...``), the submission time its
``timestamp.txt`` (written by ``nbgrader collect``, or by ``zip_collect`` from the ``timestamp`` group of
``FileNameCollectorPlugin.named_regexp``).
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float, TraitError, validate

SECONDS_PER_DAY = 86400.0


class PerDayPenalty(LateSubmissionPlugin):
    """``percent_per_day`` of the notebook's score for each started day late, at most the whole score."""

    percent_per_day = Float(10.0, help="Percent of the score taken for each started day late (0-100)").tag(
        config=True)

    @validate("percent_per_day")
    def _check_percent(self, proposal):
        value = proposal["value"]
        if not 0.0 <= value <= 100.0:
            raise TraitError(f"percent_per_day must be between 0 and 100, got {value!r}")
        return value

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        if total_seconds_late <= 0:
            return 0.0
        days = math.ceil(total_seconds_late / SECONDS_PER_DAY)
        penalty = score * min(1.0, self.percent_per_day / 100.0 * days)
        self.log.info("%s: %d started day(s) late, %g%% a day: penalty %g of %g", student_id, days,
                      self.percent_per_day, penalty, score)
        return penalty
