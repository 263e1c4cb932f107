// Functions fn_1200000 ... fn_1233333 of the large benchmark guest (see large_module.h).
#include "large_module.h"

#define PART 12
FOR_EACH_FUNCTION_OF_PART(DEFINE_FN, PART)
