/* For CProgramTest: says it started, then sleeps with a child of its own, or exits with argv[1] if given. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("started\n");
    fflush(stdout);
    if (argc > 1) return atoi(argv[1]);
    fork();  /* a second process in the group, which a kill must reach too */
    sleep(600);
    return 0;
}
