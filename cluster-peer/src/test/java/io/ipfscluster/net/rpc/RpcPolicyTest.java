package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.ipfscluster.net.rpc.wire.ClusterGrpc;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import io.ipfscluster.net.rpc.wire.IPFSConnectorGrpc;
import io.ipfscluster.net.rpc.wire.PinTrackerGrpc;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcPolicyTest {
  private static final List<ServiceDescriptor> ALL =
      List.of(
          ClusterGrpc.getServiceDescriptor(),
          PinTrackerGrpc.getServiceDescriptor(),
          IPFSConnectorGrpc.getServiceDescriptor(),
          ConsensusGrpc.getServiceDescriptor());

  @Test
  void defaults_listEveryServedMethod() {
    for (ServiceDescriptor d : ALL) {
      for (var m : d.getMethods()) {
        assertThat(RpcPolicy.defaults().access(RpcPolicy.nameOf(m)))
            .as(RpcPolicy.nameOf(m))
            .isPresent();
      }
    }
  }

  @Test
  void defaults_keepTheOriginalsLevels() {
    RpcPolicy p = RpcPolicy.defaults();
    assertThat(p.access("Cluster.ID")).contains(Access.OPEN);
    assertThat(p.access("Cluster.Peers")).contains(Access.TRUSTED);
    assertThat(p.access("PinTracker.Status")).contains(Access.TRUSTED);
    assertThat(p.access("PinTracker.Track")).contains(Access.CLOSED);
    assertThat(p.access("IPFSConnector.BlockStream")).contains(Access.TRUSTED);
    assertThat(p.access("Cluster.Nonexistent")).isEmpty();
  }

  @Test
  void requireCovers_methodMissingFromTheTable_failsNamingIt() {
    RpcPolicy p = RpcPolicy.defaults();
    var service = new PinTrackerService(new FakeTracker(null, 0)).bindService();
    p.requireCovers(List.of(service));

    var without =
        ServerServiceDefinition.builder("ipfscluster.Extra")
            .addMethod(
                ClusterGrpc.getVersionMethod().toBuilder()
                    .setFullMethodName("ipfscluster.Extra/Thing")
                    .build(),
                (call, headers) -> null)
            .build();
    assertThatThrownBy(() -> p.requireCovers(List.of(without)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the RPC policy does not list [Extra.Thing]");
    p.with("Extra.Thing", Access.OPEN).requireCovers(List.of(without));
  }

  @Test
  void with_malformedName_isRejected() {
    assertThatThrownBy(() -> RpcPolicy.defaults().with("Cluster/ID", Access.OPEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Service.Method");
  }
}
