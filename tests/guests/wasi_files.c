// WASI guest: reads a file, writes another, lists a directory and exits with code 3.
// Expects the fixture of tests/wasi/run_guest_both.sh preopened as /sandbox.
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_names(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

int main(void) {
  FILE* input = fopen("/sandbox/input.txt", "r");
  if (!input) { perror("open input"); return 1; }
  char text[256];
  size_t length = fread(text, 1, sizeof text - 1, input);
  fclose(input);
  text[length] = 0;
  printf("read %zu bytes: %s", length, text);

  FILE* output = fopen("/sandbox/output.txt", "w");
  if (!output) { perror("open output"); return 1; }
  for (size_t i = 0; i < length; ++i) fputc(toupper((unsigned char)text[i]), output);
  fclose(output);
  printf("wrote output.txt\n");

  // Directory order is the file system's: sort so that every runtime prints the same.
  DIR* dir = opendir("/sandbox/dir");
  if (!dir) { perror("opendir"); return 1; }
  char* names[64];
  int count = 0;
  struct dirent* entry;
  while ((entry = readdir(dir)) && count < 64) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof names[0], compare_names);
  printf("dir has %d entries:", count);
  for (int i = 0; i < count; ++i) printf(" %s", names[i]);
  printf("\n");
  fflush(stdout);
  exit(3);
}
