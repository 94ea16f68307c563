package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusFilterTest {
  @Test
  void bits_areTheOriginalValues() {
    assertThat(TrackerStatus.UNDEFINED.bit()).isZero();
    assertThat(TrackerStatus.CLUSTER_ERROR.bit()).isEqualTo(2);
    assertThat(TrackerStatus.PINNED.bit()).isEqualTo(16);
    assertThat(TrackerStatus.REMOTE.bit()).isEqualTo(256);
    assertThat(TrackerStatus.SHARDED.bit()).isEqualTo(2048);
    assertThat(TrackerStatus.UNEXPECTEDLY_UNPINNED.bit()).isEqualTo(4096);
  }

  @Test
  void ofName_unknownOrFilterOnlyName_isUndefined() {
    assertThat(TrackerStatus.ofName("pin_queued")).isEqualTo(TrackerStatus.PIN_QUEUED);
    assertThat(TrackerStatus.ofName("error")).isEqualTo(TrackerStatus.UNDEFINED);
    assertThat(TrackerStatus.ofName("bogus")).isEqualTo(TrackerStatus.UNDEFINED);
  }

  @Test
  void parse_nullOrEmpty_isAll() {
    assertThat(StatusFilter.parse(null)).contains(StatusFilter.ALL);
    assertThat(StatusFilter.parse("")).contains(StatusFilter.ALL);
  }

  @Test
  void parse_commaListWithSpaces_orsTheBits() {
    assertThat(StatusFilter.parse("pinned, pin_error"))
        .contains(StatusFilter.of(TrackerStatus.PINNED, TrackerStatus.PIN_ERROR));
  }

  @Test
  void parse_errorAndQueued_standForTheirGroups() {
    assertThat(StatusFilter.parse("error")).contains(new StatusFilter(2 | 4 | 8));
    assertThat(StatusFilter.parse("queued")).contains(new StatusFilter(512 | 1024));
  }

  @Test
  void parse_unknownNamesBesideKnownOnes_areIgnored() {
    assertThat(StatusFilter.parse("bogus,remote,")).contains(StatusFilter.of(TrackerStatus.REMOTE));
  }

  @Test
  void parse_noKnownName_isEmpty() {
    assertThat(StatusFilter.parse("bogus")).isEmpty();
    assertThat(StatusFilter.parse("PINNED")).isEmpty();
    assertThat(StatusFilter.parse("undefined")).isEmpty();
    assertThat(StatusFilter.parse(",")).isEmpty();
  }

  @Test
  void matches_allFilter_matchesEveryStatus() {
    for (TrackerStatus s : TrackerStatus.values()) {
      assertThat(StatusFilter.ALL.matches(s)).as(s.jsonName()).isTrue();
    }
  }

  @Test
  void matches_undefinedStatus_matchesEveryFilter() {
    assertThat(StatusFilter.of(TrackerStatus.PINNED).matches(TrackerStatus.UNDEFINED)).isTrue();
  }

  @Test
  void matches_statusOutsideFilter_isFalse() {
    StatusFilter errors = StatusFilter.ERROR;

    assertThat(errors.matches(TrackerStatus.PIN_ERROR)).isTrue();
    assertThat(TrackerStatus.PINNED.matches(errors)).isFalse();
  }

  @Test
  void toString_parsesBackToTheSameFilter() {
    StatusFilter f = StatusFilter.of(TrackerStatus.PINNED, TrackerStatus.UNPIN_QUEUED);

    assertThat(f.toString()).isEqualTo("pinned,unpin_queued");
    assertThat(StatusFilter.parse(f.toString())).contains(f);
    assertThat(StatusFilter.ERROR.toString()).isEqualTo("error");
    assertThat(StatusFilter.parse(StatusFilter.ALL.toString())).contains(StatusFilter.ALL);
  }

  @Test
  void constructor_bitsOfNoStatus_areRejected() {
    assertThatThrownBy(() -> new StatusFilter(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x1");
  }

  @Test
  void constructor_everyStatusBit_isAccepted() {
    assertThatCode(() -> new StatusFilter(8190)).doesNotThrowAnyException();
  }

  @Test
  void isError_onlyForTheThreeErrorStatuses() {
    assertThat(TrackerStatus.CLUSTER_ERROR.isError()).isTrue();
    assertThat(TrackerStatus.UNPIN_ERROR.isError()).isTrue();
    assertThat(TrackerStatus.UNDEFINED.isError()).isFalse();
    assertThat(TrackerStatus.PINNED.isError()).isFalse();
  }
}
