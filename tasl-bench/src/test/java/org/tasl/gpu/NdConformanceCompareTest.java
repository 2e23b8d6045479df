package org.tasl.gpu;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a device result is judged against the CPU reference (NdConformance.compare). */
class NdConformanceCompareTest {

    @Test
    void errorsAreRelativeToTheLargestReferenceMagnitude() {
        // largest |value| is 100: an absolute error of 1e-3 is 1e-5 relative, inside 2e-5
        assertNull(NdConformance.compare("float32|(2)|100.0,0.5", "float32|(2)|100.0,0.501", 2e-5));
        // 1e-2 absolute is 1e-4 relative: outside 2e-5, inside 2e-2
        assertNotNull(NdConformance.compare("float32|(2)|100.0,0.5", "float32|(2)|100.0,0.51", 2e-5));
        assertNull(NdConformance.compare("float32|(2)|100.0,0.5", "float32|(2)|100.0,0.51", 2e-2));
    }

    @Test
    void shapeAndTypeMustMatchExceptAtLowPrecision() {
        String shape = NdConformance.compare("float32|(2, 3)|1,2,3,4,5,6", "float32|(3, 2)|1,2,3,4,5,6", 2e-5);
        assertTrue(shape.startsWith("dtype/shape"), shape);
        assertNotNull(NdConformance.compare("float32|(1)|1.0", "float64|(1)|1.0", 2e-5));
        // the reference for bf16 cases is recorded in float32 (DJL's own natives abort on bf16)
        assertNull(NdConformance.compare("float32|(1)|1.0", "bfloat16|(1)|1.0", 2e-2));
    }

    @Test
    void nanMatchesOnlyNanAndErrorsMatchOnlyErrors() {
        assertNull(NdConformance.compare("float32|(2)|NaN,1.0", "float32|(2)|NaN,1.0", 2e-5));
        assertNotNull(NdConformance.compare("float32|(2)|NaN,1.0", "float32|(2)|0.0,1.0", 2e-5));
        assertNotNull(NdConformance.compare("float32|(2)|0.0,1.0", "float32|(2)|NaN,1.0", 2e-5));
        assertNull(NdConformance.compare("ERROR|not supported", "ERROR|other words", 2e-5));
        assertNotNull(NdConformance.compare("ERROR|not supported", "float32|(1)|1.0", 2e-5));
    }
}
