package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpfsPinStatusTest {
  @Test
  void parse_direct_mustMatchExactly() {
    assertThat(IpfsPinStatus.parse("direct")).isEqualTo(IpfsPinStatus.DIRECT);
    assertThat(IpfsPinStatus.parse("directly")).isEqualTo(IpfsPinStatus.BUG);
  }

  @Test
  void parse_recursiveAndIndirect_matchByPrefix() {
    assertThat(IpfsPinStatus.parse("recursive")).isEqualTo(IpfsPinStatus.RECURSIVE);
    assertThat(IpfsPinStatus.parse("recursive (depth 2)")).isEqualTo(IpfsPinStatus.RECURSIVE);
    assertThat(
            IpfsPinStatus.parse("indirect through QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq"))
        .isEqualTo(IpfsPinStatus.INDIRECT);
  }

  @Test
  void parse_anythingElse_isBug() {
    assertThat(IpfsPinStatus.parse("")).isEqualTo(IpfsPinStatus.BUG);
    assertThat(IpfsPinStatus.parse("Direct")).isEqualTo(IpfsPinStatus.BUG);
    assertThat(IpfsPinStatus.parse("unpinned")).isEqualTo(IpfsPinStatus.BUG);
    assertThat(IpfsPinStatus.parse(null)).isEqualTo(IpfsPinStatus.BUG);
  }

  @Test
  void jsonName_isEmptyForBugErrorAndUnpinned() {
    assertThat(IpfsPinStatus.BUG.jsonName()).isEmpty();
    assertThat(IpfsPinStatus.ERROR.jsonName()).isEmpty();
    assertThat(IpfsPinStatus.UNPINNED.jsonName()).isEmpty();
    assertThat(IpfsPinStatus.INDIRECT.jsonName()).isEqualTo("indirect");
  }

  @Test
  void toTrackerStatus_mapsAsTheOriginal() {
    assertThat(IpfsPinStatus.DIRECT.toTrackerStatus()).isEqualTo(TrackerStatus.PINNED);
    assertThat(IpfsPinStatus.RECURSIVE.toTrackerStatus()).isEqualTo(TrackerStatus.PINNED);
    assertThat(IpfsPinStatus.INDIRECT.toTrackerStatus()).isEqualTo(TrackerStatus.UNPINNED);
    assertThat(IpfsPinStatus.UNPINNED.toTrackerStatus()).isEqualTo(TrackerStatus.UNPINNED);
    assertThat(IpfsPinStatus.ERROR.toTrackerStatus()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
    assertThat(IpfsPinStatus.BUG.toTrackerStatus()).isEqualTo(TrackerStatus.UNDEFINED);
  }

  @Test
  void satisfies_depthZeroNeedsDirect_elseRecursive() {
    assertThat(IpfsPinStatus.DIRECT.satisfies(0)).isTrue();
    assertThat(IpfsPinStatus.RECURSIVE.satisfies(0)).isFalse();
    assertThat(IpfsPinStatus.RECURSIVE.satisfies(-1)).isTrue();
    assertThat(IpfsPinStatus.RECURSIVE.satisfies(1)).isTrue();
    assertThat(IpfsPinStatus.INDIRECT.satisfies(-1)).isFalse();
  }
}
