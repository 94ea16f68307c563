package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The mDNS packets, written and read with dnsjava, and the bounds on what is read. */
class MdnsMessagesTest {
  private static final PeerId PEER = Identity.generate().peerId();
  private static final Name INSTANCE = MdnsMessages.instance("a1b2c3");

  private static Multiaddr addr(String text) {
    return Multiaddr.parse(text);
  }

  private static Message read(byte[] wire) throws MdnsMessages.Unreadable {
    return MdnsMessages.read(wire, wire.length);
  }

  /** A response announcing {@code instance} with a TXT record of {@code strings}. */
  private static byte[] response(Name instance, List<String> strings) {
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(new PTRRecord(MdnsMessages.SERVICE, DClass.IN, 120, instance), Section.ANSWER);
    m.addRecord(new TXTRecord(instance, DClass.IN, 120, strings), Section.ADDITIONAL);
    return m.toWire();
  }

  @Test
  void announcement_readBack_givesThePeerAndItsAddresses() throws Exception {
    List<Multiaddr> addresses =
        List.of(addr("/ip4/10.0.0.1/tcp/9096"), addr("/ip6/fd00::1/tcp/9096"));

    byte[] wire = MdnsMessages.announcement(INSTANCE, PEER, addresses).orElseThrow();

    assertThat(MdnsMessages.peers(read(wire)))
        .containsExactly(
            Map.entry(
                PEER,
                List.of(
                    addr("/ip4/10.0.0.1/tcp/9096/p2p/" + PEER),
                    addr("/ip6/fd00::1/tcp/9096/p2p/" + PEER))));
  }

  @Test
  void announcement_hasTheRecordsOfAGenericMdnsBrowser() throws Exception {
    byte[] wire =
        MdnsMessages.announcement(INSTANCE, PEER, List.of(addr("/ip4/10.0.0.1/tcp/9096")))
            .orElseThrow();

    Message m = read(wire);

    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            PTRRecord.class,
            ptr -> {
              assertThat(ptr.getName())
                  .isEqualTo(Name.fromConstantString("_ipfs-cluster-discovery._udp.local."));
              assertThat(ptr.getTarget()).isEqualTo(INSTANCE);
            });
    List<Record> extra = m.getSection(Section.ADDITIONAL);
    assertThat(extra)
        .filteredOn(r -> r instanceof TXTRecord)
        .singleElement()
        .satisfies(
            r ->
                assertThat(((TXTRecord) r).getStrings())
                    .containsExactly("dnsaddr=/ip4/10.0.0.1/tcp/9096/p2p/" + PEER));
    assertThat(extra)
        .filteredOn(r -> r instanceof SRVRecord)
        .singleElement()
        .satisfies(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(9096));
    assertThat(extra)
        .filteredOn(r -> r instanceof ARecord)
        .singleElement()
        .satisfies(
            r ->
                assertThat(((ARecord) r).getAddress())
                    .isEqualTo(InetAddress.getByName("10.0.0.1")));
  }

  @Test
  void announcement_manyAddresses_keepsTheFirstOnesWithinOneFrame() throws Exception {
    List<Multiaddr> many =
        IntStream.range(0, 40).mapToObj(i -> addr("/ip4/10.0.0." + i + "/tcp/9096")).toList();

    byte[] wire = MdnsMessages.announcement(INSTANCE, PEER, many).orElseThrow();

    assertThat(wire.length).isLessThanOrEqualTo(MdnsMessages.MAX_ANNOUNCEMENT);
    List<Multiaddr> read = MdnsMessages.peers(read(wire)).get(PEER);
    assertThat(read).isNotEmpty().hasSizeLessThanOrEqualTo(MdnsMessages.MAX_ADDRESSES_PER_PEER);
    assertThat(read.getFirst()).isEqualTo(many.getFirst().withPeerId(PEER));
  }

  @Test
  void announcement_noAddress_isEmpty() {
    assertThat(MdnsMessages.announcement(INSTANCE, PEER, List.of())).isEmpty();
  }

  @Test
  void query_asksForTheService_answeredByOthersButNotItsSender() throws Exception {
    Message query = read(MdnsMessages.query(INSTANCE));

    assertThat(query.getHeader().getFlag(Flags.QR)).isFalse();
    assertThat(query.getQuestion().getName()).isEqualTo(MdnsMessages.SERVICE);
    assertThat(query.getQuestion().getType()).isEqualTo(Type.PTR);
    assertThat(MdnsMessages.asksFor(query, INSTANCE)).isFalse();
    assertThat(MdnsMessages.asksFor(query, MdnsMessages.instance("other"))).isTrue();
    assertThat(MdnsMessages.peers(query)).isEmpty();
  }

  @Test
  void asksFor_anotherService_isFalse() throws Exception {
    Message m = new Message(0);
    m.addRecord(
        Record.newRecord(Name.fromConstantString("_p2p._udp.local."), Type.PTR, DClass.IN),
        Section.QUESTION);

    assertThat(MdnsMessages.asksFor(read(m.toWire()), INSTANCE)).isFalse();
  }

  @Test
  void asksFor_aResponse_isFalse() throws Exception {
    byte[] wire =
        MdnsMessages.announcement(INSTANCE, PEER, List.of(addr("/ip4/10.0.0.1/tcp/1")))
            .orElseThrow();

    assertThat(MdnsMessages.asksFor(read(wire), MdnsMessages.instance("other"))).isFalse();
  }

  @Test
  void read_garbage_isUnreadable() {
    // A header announcing five questions (and not truncated), then two stray bytes.
    byte[] garbage = {0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 13, 14};

    assertThatThrownBy(() -> read(garbage))
        .isInstanceOf(MdnsMessages.Unreadable.class)
        .hasMessageStartingWith("not a DNS message");
  }

  @Test
  void read_truncatedAnnouncement_isUnreadable() {
    byte[] wire =
        MdnsMessages.announcement(INSTANCE, PEER, List.of(addr("/ip4/10.0.0.1/tcp/1")))
            .orElseThrow();

    assertThatThrownBy(() -> MdnsMessages.read(wire, wire.length - 10))
        .isInstanceOf(MdnsMessages.Unreadable.class);
  }

  @Test
  void read_overlongPacket_isUnreadable() {
    byte[] big = new byte[MdnsMessages.MAX_PACKET + 1];

    assertThatThrownBy(() -> read(big))
        .isInstanceOf(MdnsMessages.Unreadable.class)
        .hasMessageContaining("more than 9000 bytes");
  }

  @Test
  void peers_stringsThatAreNotPeerMultiaddrs_areSkipped() throws Exception {
    byte[] wire =
        response(
            INSTANCE,
            List.of(
                "dnsaddr=not a multiaddr",
                "dnsaddr=/ip4/10.0.0.1/tcp/1",
                "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/notapeerid",
                "path=/",
                "dnsaddr=/ip4/10.0.0.2/tcp/2/p2p/" + PEER));

    assertThat(MdnsMessages.peers(read(wire)))
        .containsExactly(Map.entry(PEER, List.of(addr("/ip4/10.0.0.2/tcp/2/p2p/" + PEER))));
  }

  @Test
  void peers_txtOfAnInstanceNoPtrNames_isIgnored() throws Exception {
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(
        new TXTRecord(INSTANCE, DClass.IN, 120, "dnsaddr=/ip4/10.0.0.2/tcp/2/p2p/" + PEER),
        Section.ANSWER);

    assertThat(MdnsMessages.peers(read(m.toWire()))).isEmpty();
  }

  @Test
  void peers_ofAnotherService_areIgnored() throws Exception {
    Name other = Name.fromConstantString("x._p2p._udp.local.");
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(
        new PTRRecord(Name.fromConstantString("_p2p._udp.local."), DClass.IN, 120, other),
        Section.ANSWER);
    m.addRecord(
        new TXTRecord(other, DClass.IN, 120, "dnsaddr=/ip4/10.0.0.2/tcp/2/p2p/" + PEER),
        Section.ADDITIONAL);

    assertThat(MdnsMessages.peers(read(m.toWire()))).isEmpty();
  }

  @Test
  void peers_manyPeersInOnePacket_areBounded() throws Exception {
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    for (int i = 0; i < 20; i++) {
      Name instance = MdnsMessages.instance("i" + i);
      m.addRecord(new PTRRecord(MdnsMessages.SERVICE, DClass.IN, 120, instance), Section.ANSWER);
      m.addRecord(
          new TXTRecord(
              instance,
              DClass.IN,
              120,
              "dnsaddr=/ip4/10.0.0.1/tcp/1/p2p/" + Identity.generate().peerId()),
          Section.ADDITIONAL);
    }

    Map<PeerId, List<Multiaddr>> peers = MdnsMessages.peers(read(m.toWire()));

    assertThat(peers).hasSize(MdnsMessages.MAX_PEERS_PER_PACKET);
  }

  @Test
  void peers_manyAddressesOfOnePeer_areBounded() throws Exception {
    List<String> strings =
        IntStream.range(0, 100)
            .mapToObj(i -> "dnsaddr=/ip4/10.0." + i / 250 + "." + i % 250 + "/tcp/1/p2p/" + PEER)
            .toList();

    Map<PeerId, List<Multiaddr>> peers = MdnsMessages.peers(read(response(INSTANCE, strings)));

    assertThat(peers.get(PEER)).hasSize(MdnsMessages.MAX_ADDRESSES_PER_PEER);
  }

  @Test
  void reachesBeyondThisHost_loopbackAndWildcard_areNot() {
    assertThat(MdnsDiscovery.reachesBeyondThisHost(addr("/ip4/127.0.0.1/tcp/1"))).isFalse();
    assertThat(MdnsDiscovery.reachesBeyondThisHost(addr("/ip6/::1/tcp/1"))).isFalse();
    assertThat(MdnsDiscovery.reachesBeyondThisHost(addr("/ip4/0.0.0.0/tcp/1"))).isFalse();
    assertThat(MdnsDiscovery.reachesBeyondThisHost(addr("/ip4/10.0.0.1/tcp/1"))).isTrue();
    assertThat(MdnsDiscovery.reachesBeyondThisHost(addr("/dns4/a.example/tcp/1"))).isTrue();
  }

  @Test
  void sameSubnet_comparesThePrefixOnly() throws Exception {
    InetAddress a = InetAddress.getByName("10.77.0.1");

    assertThat(MdnsDiscovery.sameSubnet(a, InetAddress.getByName("10.77.0.200"), 24)).isTrue();
    assertThat(MdnsDiscovery.sameSubnet(a, InetAddress.getByName("10.77.1.2"), 24)).isFalse();
    assertThat(MdnsDiscovery.sameSubnet(a, InetAddress.getByName("10.77.1.2"), 16)).isTrue();
    assertThat(MdnsDiscovery.sameSubnet(a, InetAddress.getByName("fd00::1"), 8)).isFalse();
  }
}
