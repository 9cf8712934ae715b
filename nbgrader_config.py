"""nbgrader configuration: this repository is an nbgrader course directory.

`solutions/<id>/<id>.ipynb` is nbgrader's *source*, `notebooks/<id>/<id>.ipynb` its *release*.
Run nbgrader from this folder (the formgrader needs this file in the server's working directory).
"""

import os

c = get_config()  # noqa: F821  (nbgrader injects get_config)

# One offering per course id: a hub sets COURSE_ID per course (docs/instructor_guide.md, "On a JupyterHub").
c.CourseDirectory.course_id = os.environ.get("COURSE_ID") or "weight-init"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# nbgrader copies every file of an assignment folder into the release: keep caches out.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", "*.md"]
c.ExecutePreprocessor.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Feedback returned to students shows their code and the test results, not the hidden tests' source.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Tracebacks in autograded notebooks quote the lines around the failing one, hidden tests
# included; a minimal traceback shows only the exception and its (teaching) message.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]

# Every autograde of this course (the class driver, `nbgrader autograde`, the formgrader's button) grades the
# same repaired notebook: the class driver's intake repairs, run inside nbgrader (course_grader/repairs.py).
from course_grader.repairs import add_release_named_notebook  # noqa: E402

c.Autograde.pre_convert_hook = add_release_named_notebook
c.Autograde.sanitize_preprocessors = [
    "course_grader.repairs.RepairSubmission",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Autograding that no submission can stop, and whose score is the trusted one:
# - TrustedGrade runs the answers in the bubblewrap sandbox and the hidden tests outside it, before the student's
#   kernel starts; TrustedScore, after SaveAutoGrades, records the trusted score as the manual score of every
#   cell where it is lower, so the total, the formgrader, the feedback and the export use it
#   (course_grader/trusted/nbgrader_steps.py).
# - GradingExecute replaces nbgrader's Execute: it runs course_grader/kernel.py (RLIMIT_AS, a cap on printed
#   output), turns a dead kernel (exit(), os._exit, a crash) or a cell deaf to interrupts into an error in that
#   cell, restarts the kernel and goes on; nbgrader alone drops the whole submission. The timeout above applies.
c.Autograde.autograde_preprocessors = [
    "course_grader.trusted.nbgrader_steps.TrustedGrade",
    "course_grader.execute.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "course_grader.trusted.nbgrader_steps.TrustedScore",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GradingKernelManager.memory_bytes = 4 * 2**30  # a huge allocation raises MemoryError, not swapping
c.GradingKernelManager.output_chars = 100_000  # per cell and stream: about LimitOutput's 1000 lines
# A deleted test cell comes back from the gradebook instead of waiting for manual grading forever
# (the intake repairs restore it too; this also covers a notebook the repairs could not read).
c.OverwriteCells.add_missing_cells = True

# Late work loses 10 % of its score per started day after the assignment's due date (course_grader/late.py);
# set the due date with `nbgrader db assignment add ID --duedate="YYYY-MM-DD HH:MM:SS UTC"`.
c.AssignLatePenalties.plugin_class = "course_grader.late.PerDayPenalty"
c.PerDayPenalty.percent_per_day = 10.0
