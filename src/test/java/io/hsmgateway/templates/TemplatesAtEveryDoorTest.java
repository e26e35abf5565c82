package io.hsmgateway.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.doors.file.DropFolder;
import io.hsmgateway.support.AccountTemplates;
import io.hsmgateway.support.Gateway;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.commons.csv.CSVRecord;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template kinds of issue 18 sent through the doors other than REST: the file drop door (CSV, with a column for
 * every kind of value, and NDJSON in the REST body's shape) and the JMS door (the REST body, sent with Qpid JMS over
 * AMQP 1.0, a client this project did not write). The templates are stored as a sync from the account leaves them
 * (Meta's components), and each message's exact Cloud API payload (strict {@code equalToJson}) carries the same
 * components {@link TemplateComponentsTest} expects for that template at the REST door. A refusal at each door is
 * answered INVALID_BODY and reaches nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatesAtEveryDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "hsm.notifications";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    // ------------------------------------------------------------------ the templates and what each one sends

    /** A positional template whose body and URL button both have a {{1}}: params 1, 2 and button.0. */
    static final String POSITIONAL_TEMPLATE = """
            [{"type":"BODY","text":"Hola {{1}}, tu turno es el {{2}}.","example":{"body_text":[["Ana","lunes"]]}},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Reprogramar","url":"https://clinic.example/r/{{1}}",
               "example":["https://clinic.example/r/x"]}]}]""";
    static final String POSITIONAL_SENT = """
            [{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"lunes 10:00"}]},
             {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"T-991"}]}]""";

    /** TemplateComponentsTest#namedTextHeaderBodyAndUrlButton's template. */
    static final String NAMED_TEMPLATE = """
            [{"type":"HEADER","format":"TEXT","text":"Pedido {{order}}",
              "example":{"header_text_named_params":[{"param_name":"order","example":"A-1"}]}},
             {"type":"BODY","text":"Hola {{name}}, tu pedido {{order_id}} está en camino.",
              "example":{"body_text_named_params":[{"param_name":"name","example":"Ana"},{"param_name":"order_id","example":"A-1"}]}},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Seguir envío","url":"https://shop.example/track/{{1}}",
              "example":["https://shop.example/track/ABC123"]}]}]""";
    static final String NAMED_SENT = """
            [{"type":"header","parameters":[{"type":"text","parameter_name":"order","text":"A-77"}]},
             {"type":"body","parameters":[{"type":"text","parameter_name":"name","text":"Julieta"},
                                          {"type":"text","parameter_name":"order_id","text":"A-77"}]},
             {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A77XYZ"}]}]""";

    /** TemplateComponentsTest#currencyAndDateTimeBodyParameters' template. */
    static final String TYPED_TEMPLATE = """
            [{"type":"BODY","text":"Debés {{1}} desde el {{2}}, {{3}}.","example":{"body_text":[["$1","hoy","Ana"]]}}]""";
    static final String TYPED_SENT = """
            [{"type":"body","parameters":[
               {"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
               {"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}},
               {"type":"text","text":"Ana"}]}]""";

    /** TemplateComponentsTest#locationHeader's template. */
    static final String LOCATION_TEMPLATE = """
            [{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"Te esperamos."}]""";
    static final String LOCATION_SENT = """
            [{"type":"header","parameters":[{"type":"location","location":{"latitude":"37.44211676562361",
              "longitude":"-122.16155960083124","name":"Philz Coffee","address":"101 Forest Ave, Palo Alto, CA 94301"}}]}]""";

    /** TemplateComponentsTest#limitedTimeOffer's template. */
    static final String OFFER_TEMPLATE = """
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://scontent.whatsapp.net/o"]}},
             {"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Expiring offer!","has_expiration":true}},
             {"type":"BODY","text":"Good news, {{1}}! Use code {{2}} to get 25% off.","example":{"body_text":[["Pablo","CARIBE25"]]}},
             {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"CARIBE25"},
               {"type":"URL","text":"Book now!","url":"https://awesomedestinations.com/offers?code={{1}}",
                "example":["https://awesomedestinations.com/offers?ref=n3mtql"]}]}]""";
    static final String OFFER_SENT = """
            [{"type":"header","parameters":[{"type":"image","image":{"link":"%s/offer.jpg"}}]},
             {"type":"body","parameters":[{"type":"text","text":"Pablo"},{"type":"text","text":"CARIBE25"}]},
             {"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":%d}}]},
             {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"CARIBE25"}]},
             {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"n3mtql"}]}]""";

    /** The REST body's shape of each of the four, as NDJSON lines and JMS bodies carry it. */
    static final String POSITIONAL_REQUEST = """
            {"templateId":"positional","destination":"%s","params":{"1":"Ana","2":"lunes 10:00","button.0":"T-991"}}""";
    static final String NAMED_REQUEST = """
            {"templateId":"named","destination":"%s","params":{"header.order":"A-77","name":"Julieta","order_id":"A-77","button.0":"A77XYZ"}}""";
    static final String TYPED_REQUEST = """
            {"templateId":"typed","destination":"%s","params":{"1":{"currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},\
            "2":{"date_time":{"fallback_value":"February 25, 1977"}},"3":"Ana"}}""";
    static final String LOCATION_REQUEST = """
            {"templateId":"location","destination":"%s","params":{},"location":{"latitude":37.44211676562361,\
            "longitude":"-122.16155960083124","name":"Philz Coffee","address":"101 Forest Ave, Palo Alto, CA 94301"}}""";

    @TempDir
    static Path inbox;

    WireMockServer cloudApi;
    Gateway gateway;
    AccountTemplates templates;
    int brokerPort;
    String websiteId;
    String phoneId;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "100");
        properties.put("hsm.inbox.stable-ms", "200");
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        gateway = Gateway.start(properties);
        templates = new AccountTemplates(gateway);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    /** A website of its own (its own phone number id, so its messages path) with the five templates. */
    @BeforeEach
    void freshWebsite() throws Exception {
        int n = WEBSITES.incrementAndGet();
        websiteId = "doors-" + n;
        phoneId = String.valueOf(106540352242900L + n);
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(messagesPath())).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.doors\"}]}")));
        apiKey = gateway.website(websiteId, phoneId, "EAAG-doors");
        templates.put(websiteId, "positional", "appointment_link", "UTILITY", "POSITIONAL", "APPROVED", POSITIONAL_TEMPLATE);
        templates.put(websiteId, "named", "order_shipped", "UTILITY", "NAMED", "APPROVED", NAMED_TEMPLATE);
        templates.put(websiteId, "typed", "payment_due", "UTILITY", "POSITIONAL", "APPROVED", TYPED_TEMPLATE);
        templates.put(websiteId, "location", "store_visit", "UTILITY", "POSITIONAL", "APPROVED", LOCATION_TEMPLATE);
        templates.put(websiteId, "offer", "caribe_offer", "MARKETING", "POSITIONAL", "APPROVED", OFFER_TEMPLATE);
        // the offer's image, HEAD-probed on the same stub server
        cloudApi.stubFor(head(urlEqualTo("/offer.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withHeader("Content-Length", "1000")));
    }

    // ------------------------------------------------------------------ file drop: CSV

    /** One CSV per template: params.<name> columns for each name kind, typed columns, location.* columns. */
    @Test
    void csvColumnsCarryEveryKindOfValue() throws Exception {
        long expires = System.currentTimeMillis() + 86_400_000L;
        DropFolder folder = DropFolder.of(inbox, websiteId);
        folder.drop("offer.csv", """
                templateId,destination,media.link,params.1,params.2,params.offer.expiration_time_ms,params.button.0,params.button.1
                offer,5491100000107,%s/offer.jpg,Pablo,CARIBE25,%d,CARIBE25,n3mtql
                """.formatted(cloudApi.baseUrl(), expires));
        folder.drop("positional.csv", """
                templateId,destination,params.1,params.2,params.button.0
                positional,5491100000101,Ana,lunes 10:00,T-991
                """);
        folder.drop("named.csv", """
                templateId;destination;params.header.order;params.name;params.order_id;params.button.0
                named;5491100000102;A-77;Julieta;A-77;A77XYZ
                """);
        folder.drop("typed.csv", """
                templateId,destination,params.1.currency.fallback_value,params.1.currency.code,params.1.currency.amount_1000,\
                params.2.date_time.fallback_value,params.3
                typed,5491100000103,$100.99,USD,100990,"February 25, 1977",Ana
                typed,5491100000106,$100.99,USD,100.99,"February 25, 1977",Ana
                """);
        folder.drop("location.csv", """
                templateId,destination,location.latitude,location.longitude,location.name,location.address
                location,5491100000104,37.44211676562361,-122.16155960083124,Philz Coffee,"101 Forest Ave, Palo Alto, CA 94301"
                location,5491100000105,-34.6037,-58.3816,,
                """);

        assertThat(codes(folder.awaitReport("positional.csv"))).containsExactly("SUCCESS");
        assertThat(codes(folder.awaitReport("named.csv"))).containsExactly("SUCCESS");
        // an amount_1000 that is not an integer is passed on as given, and the pipeline refuses it
        assertThat(codes(folder.awaitReport("typed.csv"))).containsExactly("SUCCESS", "INVALID_BODY");
        assertThat(codes(folder.awaitReport("location.csv"))).containsExactly("SUCCESS", "SUCCESS");
        assertThat(codes(folder.awaitReport("offer.csv"))).containsExactly("SUCCESS");

        assertSent("5491100000101", "appointment_link", POSITIONAL_SENT);
        assertSent("5491100000102", "order_shipped", NAMED_SENT);
        assertSent("5491100000103", "payment_due", TYPED_SENT);
        assertSent("5491100000104", "store_visit", LOCATION_SENT);
        // only the non-empty location cells
        assertSent("5491100000105", "store_visit", """
                [{"type":"header","parameters":[{"type":"location","location":{"latitude":"-34.6037","longitude":"-58.3816"}}]}]""");
        assertSent("5491100000107", "caribe_offer", OFFER_SENT.formatted(cloudApi.baseUrl(), expires));
        assertThat(sentCount()).isEqualTo(6);
    }

    /**
     * A row of a file without the URL button's column: INVALID_BODY on its report line, nothing sent. The report's
     * columns (record, line, destination, code, statusCode, description, notificationId) have no room for the Joi
     * message: the description is the code's.
     */
    @Test
    void aCsvRowWithoutTheButtonValueIsRefused() throws Exception {
        DropFolder folder = DropFolder.of(inbox, websiteId);
        folder.drop("no-button.csv", """
                templateId,destination,params.1,params.2
                positional,5491100000111,Ana,lunes 10:00
                """);

        List<CSVRecord> report = folder.awaitReport("no-button.csv");

        assertThat(report).extracting(r -> r.get("destination") + ":" + r.get("code") + ":" + r.get("statusCode")
                + ":" + r.get("description")).containsExactly(
                "5491100000111:INVALID_BODY:400:Invalid body, query or params: \"params.button.0\" is required");
        assertThat(sentCount()).isZero();
    }

    /** A header giving one value two ways, or naming a column no one reads, makes the file unreadable, saying why. */
    @Test
    void csvHeadersThatCannotBeReadAreNamed() throws Exception {
        DropFolder folder = DropFolder.of(inbox, websiteId);
        folder.drop("twice.csv", """
                templateId,destination,params.1,params.1.currency.code,params.2.currency.code,params.2.date_time.fallback_value
                typed,5491100000121,x,USD,EUR,hoy
                """);
        folder.drop("unknown.csv", """
                templateId,destination,location.lat,location.longitude
                location,5491100000122,1,2
                """);

        assertThat(folder.awaitErrorNote("twice.csv")).contains("params given two ways").contains("params.1")
                .contains("params.2");
        assertThat(folder.awaitErrorNote("unknown.csv")).contains("unknown column(s)").contains("location.lat")
                .contains("location.latitude|longitude|name|address")
                .contains("params.<name>.currency.fallback_value|code|amount_1000")
                .contains("params.<name>.date_time.fallback_value");
        assertThat(sentCount()).isZero();
    }

    // ------------------------------------------------------------------ file drop: NDJSON

    /** NDJSON lines in the REST body's shape, typed parameters and the location as objects. */
    @Test
    void ndjsonRecordsInTheRestShape() throws Exception {
        DropFolder folder = DropFolder.of(inbox, websiteId);
        folder.drop("all.ndjson", String.join("\n",
                POSITIONAL_REQUEST.formatted("5491100000201"),
                NAMED_REQUEST.formatted("5491100000202"),
                TYPED_REQUEST.formatted("5491100000203"),
                LOCATION_REQUEST.formatted("5491100000204")) + "\n");

        assertThat(codes(folder.awaitReport("all.ndjson"))).containsExactly("SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS");

        assertSent("5491100000201", "appointment_link", POSITIONAL_SENT);
        assertSent("5491100000202", "order_shipped", NAMED_SENT);
        assertSent("5491100000203", "payment_due", TYPED_SENT);
        assertSent("5491100000204", "store_visit", LOCATION_SENT);
        assertThat(sentCount()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ JMS (Qpid JMS over AMQP 1.0)

    @Test
    void jmsMessagesFromQpidJms() throws Exception {
        List<JsonNode> replies = sendOverAmqp(List.of(
                POSITIONAL_REQUEST.formatted("5491100000301"),
                NAMED_REQUEST.formatted("5491100000302"),
                TYPED_REQUEST.formatted("5491100000303"),
                LOCATION_REQUEST.formatted("5491100000304")));

        assertThat(replies).extracting(reply -> reply.get("code").asText())
                .as(replies.toString()).containsExactly("SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS");
        assertSent("5491100000301", "appointment_link", POSITIONAL_SENT);
        assertSent("5491100000302", "order_shipped", NAMED_SENT);
        assertSent("5491100000303", "payment_due", TYPED_SENT);
        assertSent("5491100000304", "store_visit", LOCATION_SENT);
        assertThat(sentCount()).isEqualTo(4);
    }

    /** A new line in the text header's variable: Meta would refuse it (132018), the door's reply says so first. */
    @Test
    void aJmsMessageWithANewLineInAHeaderVariableIsRefused() throws Exception {
        List<JsonNode> replies = sendOverAmqp(List.of(NAMED_REQUEST.formatted("5491100000311")
                .replace("\"header.order\":\"A-77\"", "\"header.order\":\"A-77\\nB\"")));

        JsonNode reply = replies.get(0);
        assertThat(reply.get("code").asText()).as(reply.toString()).isEqualTo("INVALID_BODY");
        assertThat(reply.get("statusCode").asInt()).isEqualTo(400);
        assertThat(reply.get("result")).hasSize(1);
        assertThat(reply.get("result").get(0).get("message").asText()).isEqualTo("\"params.header.order\" with value \"A-77\nB\""
                + " fails to match the no new lines, tabs or more than 4 consecutive spaces pattern");
        assertThat(reply.get("result").get(0).get("path")).extracting(JsonNode::asText).containsExactly("params", "header.order");
        assertThat(sentCount()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** Sends each body with Qpid JMS (websiteId and apikey as JMS properties) and returns the door's replies in order. */
    List<JsonNode> sendOverAmqp(List<String> bodies) throws Exception {
        List<JsonNode> replies = new ArrayList<>();
        try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replyQueue = session.createQueue("replies.doors." + UUID.randomUUID());
            MessageConsumer consumer = session.createConsumer(replyQueue);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (int i = 0; i < bodies.size(); i++) {
                TextMessage message = session.createTextMessage(bodies.get(i));
                message.setStringProperty("websiteId", websiteId);
                message.setStringProperty("apikey", apiKey);
                message.setJMSReplyTo(replyQueue);
                message.setJMSCorrelationID("record-" + i);
                producer.send(message);
            }
            JsonNode[] byCorrelation = new JsonNode[bodies.size()];
            for (int i = 0; i < bodies.size(); i++) {
                Message reply = consumer.receive(30_000);
                assertThat(reply).as("reply " + (i + 1) + " of " + bodies.size()).isInstanceOf(TextMessage.class);
                int index = Integer.parseInt(reply.getJMSCorrelationID().substring("record-".length()));
                byCorrelation[index] = JSON.readTree(((TextMessage) reply).getText());
            }
            replies.addAll(List.of(byCorrelation));
        }
        return replies;
    }

    String messagesPath() {
        return "/v23.0/" + phoneId + "/messages";
    }

    int sentCount() {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(messagesPath()))).size();
    }

    static List<String> codes(List<CSVRecord> report) {
        return report.stream().map(r -> r.get("code")).toList();
    }

    /** Exactly one message to this number, and it is exactly this payload (nothing more, components in this order). */
    void assertSent(String to, String name, String components) {
        cloudApi.verify(1, postRequestedFor(urlEqualTo(messagesPath())).withRequestBody(equalToJson("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"%s","language":{"code":"es_AR"},"components":%s},
                 "biz_opaque_callback_data":"${json-unit.any-string}"}""".formatted(to, name, components))));
    }
}
