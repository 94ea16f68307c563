package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DNS multiaddrs resolved against a {@link LoopbackDnsServer}. */
@Timeout(60)
class AddressResolverTest {
  private final LoopbackDnsServer dns = LoopbackDnsServer.start();
  private final PeerId p1 = Identity.generate().peerId();
  private final PeerId p2 = Identity.generate().peerId();

  @AfterEach
  void stop() {
    dns.close();
  }

  private List<String> resolve(String address) {
    return resolve(address, b -> b);
  }

  private List<String> resolve(String address, UnaryOperator<AddressResolver.Builder> options) {
    AddressResolver resolver =
        options.apply(AddressResolver.builder().server(dns.address())).build();
    return resolver.resolve(Multiaddr.parse(address)).stream().map(Multiaddr::toString).toList();
  }

  @Test
  void resolve_dns4_givesEachARecordWithTheRestOfTheAddress() {
    dns.a("peer.test", "10.0.0.1", "10.0.0.2").aaaa("peer.test", "fd00::1");

    assertThat(resolve("/dns4/peer.test/tcp/9096/p2p/" + p1))
        .containsExactly("/ip4/10.0.0.1/tcp/9096/p2p/" + p1, "/ip4/10.0.0.2/tcp/9096/p2p/" + p1);
    assertThat(dns.questions()).containsExactly("A peer.test.");
  }

  @Test
  void resolve_dns6_givesOnlyAaaaRecords() {
    dns.a("peer.test", "10.0.0.1").aaaa("peer.test", "fd00::1");

    assertThat(resolve("/dns6/peer.test/tcp/9096")).containsExactly("/ip6/fd00::1/tcp/9096");
    assertThat(dns.questions()).containsExactly("AAAA peer.test.");
  }

  @Test
  void resolve_dns_givesBothFamilies() {
    dns.a("peer.test", "10.0.0.1").aaaa("peer.test", "fd00::1");

    assertThat(resolve("/dns/peer.test/tcp/9096"))
        .containsExactly("/ip4/10.0.0.1/tcp/9096", "/ip6/fd00::1/tcp/9096");
  }

  @Test
  void resolve_dns4WithOnlyAaaaRecords_failsNamingTheAddress() {
    dns.aaaa("v6only.test", "fd00::1");

    assertThatThrownBy(() -> resolve("/dns4/v6only.test/tcp/9096"))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage("cannot resolve /dns4/v6only.test/tcp/9096: v6only.test has no A records");
  }

  @Test
  void resolve_ipLiteralHost_isItsOwnAddressWithoutLookups() {
    assertThat(resolve("/dns4/192.0.2.7/tcp/1")).containsExactly("/ip4/192.0.2.7/tcp/1");
    assertThat(dns.questions()).isEmpty();
  }

  @Test
  void resolve_nonDnsAddress_passesThroughWithoutLookups() {
    String address = "/ip4/10.0.0.1/tcp/9096/p2p/" + p1;

    assertThat(resolve(address)).containsExactly(address);
    assertThat(AddressResolver.systemResolvers().resolve(Multiaddr.parse(address)).getFirst())
        .hasToString(address);
    assertThat(dns.questions()).isEmpty();
  }

  @Test
  void needsResolution_isTrueOnlyForALeadingDnsComponent() {
    assertThat(AddressResolver.needsResolution(Multiaddr.parse("/dnsaddr/a.test"))).isTrue();
    assertThat(AddressResolver.needsResolution(Multiaddr.parse("/dns6/a.test/tcp/1"))).isTrue();
    assertThat(AddressResolver.needsResolution(Multiaddr.parse("/ip4/10.0.0.1/tcp/1"))).isFalse();
  }

  @Test
  void resolve_dnsaddr_givesEveryDnsaddrRecordAndIgnoresOtherTxtRecords() {
    dns.txt(
        "_dnsaddr.cluster.test",
        "dnsaddr=/ip4/10.0.0.1/tcp/9096/p2p/" + p1,
        "v=spf1 -all",
        "dnsaddr=/ip6/fd00::2/tcp/9096/p2p/" + p2);

    assertThat(resolve("/dnsaddr/cluster.test"))
        .containsExactly("/ip4/10.0.0.1/tcp/9096/p2p/" + p1, "/ip6/fd00::2/tcp/9096/p2p/" + p2);
    assertThat(dns.questions()).containsExactly("TXT _dnsaddr.cluster.test.");
  }

  @Test
  void resolve_nestedDnsaddr_resolvesEveryLevel() {
    dns.txt(
            "_dnsaddr.cluster.test",
            "dnsaddr=/dnsaddr/eu.cluster.test",
            "dnsaddr=/dns4/peer1.cluster.test/tcp/9096/p2p/" + p1)
        .txt("_dnsaddr.eu.cluster.test", "dnsaddr=/ip4/10.0.1.1/tcp/9096/p2p/" + p2)
        .a("peer1.cluster.test", "10.0.0.1");

    assertThat(resolve("/dnsaddr/cluster.test"))
        .containsExactly("/ip4/10.0.1.1/tcp/9096/p2p/" + p2, "/ip4/10.0.0.1/tcp/9096/p2p/" + p1);
  }

  @Test
  void resolve_dnsaddrWithPeerId_keepsOnlyThatPeersRecords() {
    dns.txt(
            "_dnsaddr.cluster.test",
            "dnsaddr=/ip4/10.0.0.1/tcp/9096/p2p/" + p1,
            "dnsaddr=/ip4/10.0.0.2/tcp/9096/p2p/" + p2,
            "dnsaddr=/dnsaddr/more.cluster.test/p2p/" + p1)
        .txt(
            "_dnsaddr.more.cluster.test",
            "dnsaddr=/ip6/fd00::1/tcp/9096/p2p/" + p1,
            "dnsaddr=/ip6/fd00::2/tcp/9096/p2p/" + p2);

    assertThat(resolve("/dnsaddr/cluster.test/p2p/" + p1))
        .containsExactly("/ip4/10.0.0.1/tcp/9096/p2p/" + p1, "/ip6/fd00::1/tcp/9096/p2p/" + p1);
  }

  @Test
  void resolve_dnsaddrWithAnotherPeersId_failsSayingNoRecordMatches() {
    PeerId stranger = Identity.generate().peerId();
    dns.txt(
        "_dnsaddr.cluster.test",
        "dnsaddr=/ip4/10.0.0.1/tcp/9096/p2p/" + p1,
        "dnsaddr=/ip4/10.0.0.2/tcp/9096/p2p/" + p2);

    assertThatThrownBy(() -> resolve("/dnsaddr/cluster.test/p2p/" + stranger))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage(
            "cannot resolve /dnsaddr/cluster.test/p2p/"
                + stranger
                + ": _dnsaddr.cluster.test has no usable dnsaddr records (2 not ending with /p2p/"
                + stranger
                + ")");
  }

  @Test
  void resolve_dnsaddrCycle_givesTheAddressesOnTheWayAndLooksUpEachNameOnce() {
    dns.txt("_dnsaddr.a.test", "dnsaddr=/dnsaddr/b.test", "dnsaddr=/ip4/10.0.0.1/tcp/1")
        .txt("_dnsaddr.b.test", "dnsaddr=/dnsaddr/a.test", "dnsaddr=/ip4/10.0.0.2/tcp/1");

    assertThat(resolve("/dnsaddr/a.test"))
        .containsExactly("/ip4/10.0.0.2/tcp/1", "/ip4/10.0.0.1/tcp/1");
    assertThat(dns.questions()).containsExactly("TXT _dnsaddr.a.test.", "TXT _dnsaddr.b.test.");
  }

  @Test
  void resolve_dnsaddrCycleWithoutAddresses_failsNamingTheCycle() {
    dns.txt("_dnsaddr.a.test", "dnsaddr=/dnsaddr/b.test")
        .txt("_dnsaddr.b.test", "dnsaddr=/dnsaddr/a.test");

    assertThatThrownBy(() -> resolve("/dnsaddr/a.test"))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage(
            "cannot resolve /dnsaddr/a.test: /dnsaddr/a.test leads back to itself"
                + " (a dnsaddr cycle)");
  }

  /** _dnsaddr.d0.test → /dnsaddr/d1.test → … → /dnsaddr/d{levels-1}.test → an IP address. */
  private void chain(int levels) {
    for (int i = 0; i < levels - 1; i++) {
      dns.txt("_dnsaddr.d" + i + ".test", "dnsaddr=/dnsaddr/d" + (i + 1) + ".test");
    }
    dns.txt("_dnsaddr.d" + (levels - 1) + ".test", "dnsaddr=/ip4/10.0.0.9/tcp/1");
  }

  @Test
  void resolve_chainAsDeepAsMaxDepth_isResolved() {
    chain(3);

    assertThat(resolve("/dnsaddr/d0.test", b -> b.maxDepth(3)))
        .containsExactly("/ip4/10.0.0.9/tcp/1");
  }

  @Test
  void resolve_chainDeeperThanMaxDepth_failsNamingTheLimit() {
    chain(4);

    assertThatThrownBy(() -> resolve("/dnsaddr/d0.test", b -> b.maxDepth(3)))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage(
            "cannot resolve /dnsaddr/d0.test: /dnsaddr/d3.test is nested deeper than 3 dnsaddr"
                + " levels");
    assertThat(dns.questions()).hasSize(3);
  }

  @Test
  void resolve_manyRecords_givesAtMostMaxAddresses() {
    dns.a("many.test", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");

    assertThat(resolve("/dns4/many.test/tcp/1", b -> b.maxAddresses(3)))
        .containsExactly("/ip4/10.0.0.1/tcp/1", "/ip4/10.0.0.2/tcp/1", "/ip4/10.0.0.3/tcp/1");
  }

  @Test
  void resolve_manyDnsaddrBranches_stopsLookingUpOnceMaxAddressesAreFound() {
    dns.txt("_dnsaddr.fan.test", "dnsaddr=/dns4/x.test/tcp/1", "dnsaddr=/dns4/y.test/tcp/1")
        .a("x.test", "10.0.0.1", "10.0.0.2")
        .a("y.test", "10.0.0.3");

    assertThat(resolve("/dnsaddr/fan.test", b -> b.maxAddresses(2)))
        .containsExactly("/ip4/10.0.0.1/tcp/1", "/ip4/10.0.0.2/tcp/1");
    assertThat(dns.questions()).containsExactly("TXT _dnsaddr.fan.test.", "A x.test.");
  }

  @Test
  void resolve_malformedDnsaddrRecords_areSkipped() {
    dns.txt(
        "_dnsaddr.cluster.test",
        "dnsaddr=/ip4/999.0.0.1/tcp/1",
        "dnsaddr=not-a-multiaddr",
        "dnsaddr=",
        "dnsaddr=/ip4/10.0.0.1/tcp/9096/p2p/" + p1);

    assertThat(resolve("/dnsaddr/cluster.test"))
        .containsExactly("/ip4/10.0.0.1/tcp/9096/p2p/" + p1);
  }

  @Test
  void resolve_onlyMalformedDnsaddrRecords_failsCountingThem() {
    dns.txt("_dnsaddr.cluster.test", "dnsaddr=/ip4/999.0.0.1/tcp/1", "dnsaddr=/nope");

    assertThatThrownBy(() -> resolve("/dnsaddr/cluster.test"))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage(
            "cannot resolve /dnsaddr/cluster.test: _dnsaddr.cluster.test has no usable dnsaddr"
                + " records (2 malformed)");
  }

  @Test
  void resolve_unknownName_failsWithNxdomainNamingTheAddress() {
    Multiaddr address = Multiaddr.parse("/dns4/nowhere.test/tcp/9096");

    assertThatThrownBy(
            () -> AddressResolver.builder().server(dns.address()).build().resolve(address))
        .isInstanceOfSatisfying(
            AddressResolutionException.class, e -> assertThat(e.address()).isEqualTo(address))
        .hasMessage(
            "cannot resolve /dns4/nowhere.test/tcp/9096: nowhere.test: no such domain (NXDOMAIN)");
    assertThatThrownBy(() -> resolve("/dnsaddr/nowhere.test"))
        .hasMessage(
            "cannot resolve /dnsaddr/nowhere.test: _dnsaddr.nowhere.test: no such domain"
                + " (NXDOMAIN)");
  }

  @Test
  void resolve_silentServer_failsWithATimeoutNamingTheAddressAndTheServer() {
    dns.silent();

    assertThatThrownBy(
            () -> resolve("/dnsaddr/cluster.test", b -> b.timeout(Duration.ofMillis(200))))
        .isInstanceOf(AddressResolutionException.class)
        .hasMessage(
            "cannot resolve /dnsaddr/cluster.test: DNS lookup of TXT _dnsaddr.cluster.test"
                + " timed out after 200 ms (server "
                + dns.address()
                + ")");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(dns::questions, q -> q.contains("TXT _dnsaddr.cluster.test."));
  }

  @Test
  void resolve_nameInHostsFile_isAnsweredWithoutDns(@TempDir Path dir) throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), "10.9.8.7 db.test\n");
    dns.silent();

    assertThat(resolve("/dns4/db.test/tcp/1", b -> b.hostsFile(hosts)))
        .containsExactly("/ip4/10.9.8.7/tcp/1");
    assertThat(dns.questions()).isEmpty();
  }

  @Test
  void builder_invalidOptions_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> AddressResolver.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the DNS timeout must be positive, not PT0S");
    assertThatThrownBy(() -> AddressResolver.builder().maxDepth(0))
        .hasMessage("maxDepth must be at least 1, not 0");
    assertThatThrownBy(() -> AddressResolver.builder().maxAddresses(-1))
        .hasMessage("maxAddresses must be at least 1, not -1");
  }
}
