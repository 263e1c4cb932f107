// Functions fn_1000000 ... fn_1033333 of the large benchmark guest (see large_module.h).
#include "large_module.h"

#define PART 10
FOR_EACH_FUNCTION_OF_PART(DEFINE_FN, PART)
