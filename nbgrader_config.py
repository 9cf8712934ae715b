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
