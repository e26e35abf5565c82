package io.hsmgateway.pipeline;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.component.bean.BeanComponent;
import org.apache.camel.component.bean.BeanProcessor;
import org.apache.camel.component.bean.ConstantStaticTypeBeanHolder;
import org.apache.camel.component.bean.ParameterMappingStrategyHelper;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.service.ServiceHelper;

/**
 * What a bean's method returns, as an expression: {@code method()} without the copy. Camel's {@code method()}
 * runs the bean on a copy of the exchange (every property copied there and back) so that it cannot change the
 * exchange; the pipeline evaluated about seventeen of them per notification, and the copies were among the
 * largest costs Camel added (bench/profile). The gateway's beans give their results rather than change the
 * exchange, so the bean here runs on the exchange itself, with Camel's parameter binding ({@code @Body},
 * {@code @ExchangeProperty}, ...); the body it sees is the exchange's, and is put back after the call. What the
 * bean throws is set on the exchange, unwrapped, for the error handler, as {@code method()} does.
 */
public final class BeanResult extends ExpressionAdapter {

    private final String beanName;
    private final Class<?> type;
    private final String methodName;
    private volatile BeanProcessor processor;

    private BeanResult(String beanName, Class<?> type, String methodName) {
        this.beanName = beanName;
        this.type = type;
        this.methodName = methodName;
    }

    /** A method of the bean bound under this name in the registry. */
    public static BeanResult of(String beanName, String methodName) {
        return new BeanResult(beanName, null, methodName);
    }

    /**
     * A static method of this class. No instance is looked for: Camel's holder for a type searched the whole registry
     * for a bean of it on every call (1-2 % of a notification's CPU, bench/profile), to find none.
     */
    public static BeanResult of(Class<?> type, String methodName) {
        return new BeanResult(null, type, methodName);
    }

    @Override
    public Object evaluate(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        // in-only, the bean's result goes to the message the exchange has (in-out, Camel would add an out message)
        ExchangePattern pattern = exchange.getPattern();
        exchange.setPattern(ExchangePattern.InOnly);
        try {
            processor(exchange.getContext()).process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            exchange.setPattern(pattern);
        }
        Message message = exchange.getMessage();
        Object result = message.getBody();
        message.setBody(body);
        // a failure stays on the exchange, as method() leaves it: the route's error handler takes it from there
        return exchange.getException() == null ? result : null;
    }

    private BeanProcessor processor(CamelContext context) {
        BeanProcessor existing = processor;
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            if (processor == null) {
                BeanProcessor created = type == null
                        ? new BeanProcessor(context.getRegistry().lookupByName(beanName), context)
                        : new BeanProcessor(new ConstantStaticTypeBeanHolder(type, context,
                                ParameterMappingStrategyHelper.createParameterMappingStrategy(context),
                                context.getComponent("bean", BeanComponent.class)));
                created.setMethod(methodName);
                ServiceHelper.startService(created);
                processor = created;
            }
            return processor;
        }
    }

    @Override
    public String toString() {
        return "bean:" + (type == null ? beanName : type.getSimpleName()) + "?method=" + methodName;
    }
}
