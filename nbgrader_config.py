"""nbgrader configuration: this repository is an nbgrader course directory.

`solutions/<id>/<id>.ipynb` is nbgrader's *source*, `notebooks/<id>/<id>.ipynb` its *release*.
Run nbgrader from this folder (the formgrader needs this file in the server's working directory).
"""

c = get_config()  # noqa: F821  (nbgrader injects get_config)

c.CourseDirectory.course_id = "weight-init"
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

# Autograding that no submission can stop (tools/grading_execute.py): nbgrader's own preprocessor list with
# Execute replaced by GradingExecute, which runs tools/grading_kernel.py (RLIMIT_AS, a cap on printed output),
# turns a dead kernel (exit(), os._exit, a crash) or a cell deaf to interrupts into an error in that cell,
# restarts the kernel and goes on; nbgrader alone drops the whole submission. The timeout above still applies.
c.Autograde.autograde_preprocessors = [
    "tools.grading_execute.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GradingKernelManager.memory_bytes = 4 * 2**30  # a huge allocation raises MemoryError, not swapping
c.GradingKernelManager.output_chars = 100_000  # per cell and stream: about LimitOutput's 1000 lines
# A deleted test cell comes back from the gradebook instead of waiting for manual grading forever
# (tools/intake.py already restores it when tools.autograde runs; this covers a plain `nbgrader autograde`).
c.OverwriteCells.add_missing_cells = True
