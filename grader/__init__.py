"""SysLab's autograder for notebooks in nbgrader's format; scripts/grade.py is its command line."""
