package io.hsmgateway.pipeline;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bean's result on the exchange itself: bound as method() binds, no copy, the body kept, failures on the exchange. */
class BeanResultTest {

    /** What the pipeline's beans look like: results from bound parameters. */
    public static class Greeter {
        public String greet(@Body String body, @ExchangeProperty("name") String name) {
            if (name == null) {
                throw new IllegalArgumentException("no name");
            }
            return body + ", " + name;
        }

        static final java.util.concurrent.atomic.AtomicReference<Exchange> SEEN = new java.util.concurrent.atomic.AtomicReference<>();

        public String see(Exchange exchange) {
            SEEN.set(exchange);
            return "seen";
        }

        public static int twice(@ExchangeProperty("n") int n) {
            return 2 * n;
        }
    }

    private CamelContext context;

    @BeforeEach
    void camel() {
        context = new DefaultCamelContext();
        context.getRegistry().bind("greeter", new Greeter());
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void givesTheResultAndLeavesTheBodyAndPatternAsTheyWere() {
        Exchange exchange = exchange("Hola");
        exchange.setProperty("name", "Ana");

        assertThat(BeanResult.of("greeter", "greet").evaluate(exchange, String.class)).isEqualTo("Hola, Ana");
        assertThat(exchange.getMessage().getBody()).isEqualTo("Hola");
        assertThat(exchange.getPattern()).isEqualTo(ExchangePattern.InOut);
        assertThat(exchange.getException()).isNull();
    }

    @Test
    void theBeanRunsOnTheExchangeItselfNotACopy() {
        Exchange exchange = exchange("x");

        assertThat(BeanResult.of("greeter", "see").evaluate(exchange, String.class)).isEqualTo("seen");
        // Camel's method() hands the bean a copy of the exchange (every property copied there and back)
        assertThat(Greeter.SEEN.get()).isSameAs(exchange);
    }

    @Test
    void aStaticMethodOfAClass() {
        Exchange exchange = exchange("x");
        exchange.setProperty("n", 21);

        assertThat(BeanResult.of(Greeter.class, "twice").evaluate(exchange, Integer.class)).isEqualTo(42);
    }

    @Test
    void whatTheBeanThrowsIsTheExchangesFailureUnwrapped() {
        Exchange exchange = exchange("Hola");

        assertThat(BeanResult.of("greeter", "greet").evaluate(exchange, String.class)).isNull();
        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class).hasMessage("no name");
        assertThat(exchange.getMessage().getBody()).isEqualTo("Hola");
    }

    private Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(context, ExchangePattern.InOut);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
