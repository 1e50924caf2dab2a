package io.gitopsflow.promotion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FreightIdentityTest {

    private static final String ID = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void anAliasIsAnAdjectiveAndAnAnimalFromTheIdAlone() {
        assertThat(FreightIdentity.alias(ID))
                .isEqualTo(FreightIdentity.alias(ID))
                .matches("[a-z]+-[a-z]+");
        assertThat(FreightIdentity.uniqueAlias(ID, Set.of())).isEqualTo(FreightIdentity.alias(ID));
    }

    @Test
    void aPairAnotherFreightTookGetsTheFirstFreeNumber() {
        String pair = FreightIdentity.alias(ID);
        assertThat(FreightIdentity.uniqueAlias(ID, Set.of(pair))).isEqualTo(pair + "-2");
        assertThat(FreightIdentity.uniqueAlias(ID, Set.of(pair, pair + "-2"))).isEqualTo(pair + "-3");
    }

    @Test
    void theFormOfAnAliasIsChecked() {
        assertThat(FreightIdentity.isAlias("brave-otter")).isTrue();
        assertThat(FreightIdentity.isAlias("brave-otter-2")).isTrue();
        assertThat(FreightIdentity.isAlias(FreightIdentity.alias(ID))).isTrue();
        assertThat(FreightIdentity.isAlias(ID)).isFalse();
        assertThat(FreightIdentity.isAlias("Brave-Otter")).isFalse();
        assertThat(FreightIdentity.isAlias("brave-otter-0")).isFalse();
        assertThat(FreightIdentity.isAlias("brave")).isFalse();
        assertThat(FreightIdentity.isAlias("brave-otter; drop")).isFalse();
        assertThat(FreightIdentity.isAlias(null)).isFalse();
    }
}
