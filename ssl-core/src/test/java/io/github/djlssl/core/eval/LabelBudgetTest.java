package io.github.djlssl.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.core.data.ImageSource;
import io.github.djlssl.core.data.SyntheticImageSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelBudgetTest {

    private final ImageSource source = new SyntheticImageSource(200, 1, 8, 4, 1);

    @Test
    void picksAnEqualShareOfEveryClassSortedAndDistinct() {
        int[] picked = LabelBudget.balanced(source, 40, 3);
        assertEquals(40, picked.length);
        int[] perClass = new int[4];
        for (int i : picked) {
            perClass[source.label(i)]++;
        }
        assertArrayEquals(new int[] {10, 10, 10, 10}, perClass);
        assertEquals(40, Arrays.stream(picked).distinct().count());
        for (int i = 1; i < picked.length; i++) {
            assertTrue(picked[i - 1] < picked[i]);
        }
    }

    @Test
    void sameSeedSameSubsetOtherSeedOtherSubset() {
        assertArrayEquals(LabelBudget.balanced(source, 20, 5), LabelBudget.balanced(source, 20, 5));
        assertFalse(Arrays.equals(LabelBudget.balanced(source, 20, 5), LabelBudget.balanced(source, 20, 6)));
    }

    @Test
    void aBudgetAboveTheSizeTakesEverythingAndUnevenBudgetsStillFill() {
        assertEquals(200, LabelBudget.balanced(source, 500, 0).length);
        assertEquals(7, LabelBudget.balanced(source, 7, 0).length);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LabelBudget.balanced(source, 0, 0));
        assertTrue(e.getMessage().contains("budget"));
    }
}
