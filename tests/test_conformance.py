"""The jupyter_kernel_test conformance suite (Debian python3-jupyter-kernel-test) with a Java
sample for every test it has; each sample is what a user of the kernel would type."""
import jupyter_kernel_test

from conftest import KERNEL_NAME


class SysLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'

    # Matches are the text that replaces cursor_start..cursor_end, as JShell's completion gives it.
    completion_samples = [
        {"text": "Integer.MAX_VAL", "matches": {"MAX_VALUE"}},
        {"text": "java.util.concurrent.ConcurrentSkipList",
         "matches": {"ConcurrentSkipListMap", "ConcurrentSkipListSet"}},
    ]

    complete_code_samples = [
        "int x = 1;",
        "1 + 1",
        'System.out.println("hi");',
        "record Point(int x, int y) {}",
        "for (int i = 0; i < 3; i++) {\n    System.out.println(i);\n}",
        "%%bash\necho hi",
    ]
    incomplete_code_samples = [
        "class A {",
        "void f() {",
        "if (true) {",
        "int x = 1 +",
        "int[] a = {1, 2",
    ]
    invalid_code_samples = [
        "}",
        ")",
        'String s = "abc',
    ]

    # `expr?` pages the documentation of expr, as IPython's `obj?` does.
    code_page_something = "Math.max?"

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]

    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*emphasis*"));', "mime": "text/markdown"},
        {"code": "display(tech.tablesaw.api.Table.create(\"t\","
                 " tech.tablesaw.api.IntColumn.create(\"n\", 1, 2, 3)));",
         "mime": "text/html"},
        {"code": "display(org.knowm.xchart.QuickChart.getChart(\"squares\", \"x\", \"y\", \"y\","
                 " new double[] {1, 2, 3}, new double[] {1, 4, 9}));",
         "mime": "image/png"},
    ]

    # A glob over the history, matching exactly one of code_execute_result's cells.
    code_history_pattern = "Math.max(*"
    supported_history_operations = ("tail", "range", "search")

    # Shift-Tab inside a call's parentheses.
    code_inspect_sample = "Math.max("

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'
