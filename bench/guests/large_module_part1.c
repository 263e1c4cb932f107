// Functions fn_1100000 ... fn_1133333 of the large benchmark guest (see large_module.h).
#include "large_module.h"

#define PART 11
FOR_EACH_FUNCTION_OF_PART(DEFINE_FN, PART)
